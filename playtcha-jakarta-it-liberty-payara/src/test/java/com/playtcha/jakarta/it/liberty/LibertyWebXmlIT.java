package com.playtcha.jakarta.it.liberty;

import com.playtcha.jakarta.it.WebXmlScenario;

/** {@link WebXmlScenario} in a real Open Liberty (its own CDI, MicroProfile Config and Jakarta Concurrency), managed by Arquillian. */
class LibertyWebXmlIT extends WebXmlScenario {
}
