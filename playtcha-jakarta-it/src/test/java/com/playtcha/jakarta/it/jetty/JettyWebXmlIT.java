package com.playtcha.jakarta.it.jetty;

import com.playtcha.jakarta.it.WebXmlScenario;

/** {@link WebXmlScenario} in an embedded Jetty 12.0 (ee10). */
class JettyWebXmlIT extends WebXmlScenario {
}
