package com.playtcha.jakarta.it.payara;

import com.playtcha.jakarta.it.WebXmlScenario;

/** {@link WebXmlScenario} in a real Payara Server 6 distribution (its own domain, on reserved ports), managed by Arquillian. */
class PayaraWebXmlIT extends WebXmlScenario {
}
