package com.playtcha.jakarta.it.tomcat;

import com.playtcha.jakarta.it.WebXmlScenario;

/** {@link WebXmlScenario} in a real Tomcat 10.1 distribution, managed by Arquillian. */
class TomcatWebXmlIT extends WebXmlScenario {
}
