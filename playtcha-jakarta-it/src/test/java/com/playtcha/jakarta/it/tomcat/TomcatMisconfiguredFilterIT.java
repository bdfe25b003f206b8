package com.playtcha.jakarta.it.tomcat;

import com.playtcha.jakarta.it.MisconfiguredFilterScenario;

/** {@link MisconfiguredFilterScenario} in real Tomcat 10.1 and 11.0 distributions (one Failsafe execution each). */
class TomcatMisconfiguredFilterIT extends MisconfiguredFilterScenario {
}
