package com.playtcha.jakarta.it.tomcat;

import com.playtcha.jakarta.it.RedeployScenario;

/** {@link RedeployScenario} in a real Tomcat 10.1 distribution, managed by Arquillian. */
class TomcatRedeployIT extends RedeployScenario {
}
