package com.playtcha.jakarta.it.tomcat;

import com.playtcha.jakarta.it.MicroProfileConfigScenario;

/** {@link MicroProfileConfigScenario} in a real Tomcat 10.1 distribution, managed by Arquillian. */
class TomcatMicroProfileConfigIT extends MicroProfileConfigScenario {
}
