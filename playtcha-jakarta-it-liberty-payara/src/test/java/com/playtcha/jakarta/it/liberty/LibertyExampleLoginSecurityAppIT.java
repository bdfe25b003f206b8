package com.playtcha.jakarta.it.liberty;

import com.playtcha.jakarta.it.ExampleLoginSecurityAppScenario;

/** {@link ExampleLoginSecurityAppScenario} in a real Open Liberty ({@code appSecurity-5.0}), managed by Arquillian. */
class LibertyExampleLoginSecurityAppIT extends ExampleLoginSecurityAppScenario {
}
