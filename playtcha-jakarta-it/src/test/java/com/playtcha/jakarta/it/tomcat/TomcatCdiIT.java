package com.playtcha.jakarta.it.tomcat;

import com.playtcha.jakarta.it.CdiScenario;

/** {@link CdiScenario} in a real Tomcat 10.1, with Weld servlet and SmallRye Config in the WAR. */
class TomcatCdiIT extends CdiScenario {
}
