package com.playtcha.jakarta.it.payara;

import com.playtcha.jakarta.it.ExampleLoginSecurityAppScenario;

/** {@link ExampleLoginSecurityAppScenario} in a real Payara Server 6 (Soteria), managed by Arquillian; its identity store needs nothing of the domain. */
class PayaraExampleLoginSecurityAppIT extends ExampleLoginSecurityAppScenario {
}
