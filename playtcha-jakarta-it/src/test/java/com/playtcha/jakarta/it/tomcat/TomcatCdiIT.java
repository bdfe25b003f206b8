package com.playtcha.jakarta.it.tomcat;

import com.playtcha.jakarta.it.CdiScenario;

/** {@link CdiScenario} in real Tomcat 10.1 and 11.0, with Weld servlet and SmallRye Config in the WAR. */
class TomcatCdiIT extends CdiScenario {
}
