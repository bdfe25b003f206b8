package com.playtcha.jakarta.it.jetty;

import com.playtcha.jakarta.it.MicroProfileConfigScenario;

/** {@link MicroProfileConfigScenario} in an embedded Jetty 12.0 (ee10). */
class JettyMicroProfileConfigIT extends MicroProfileConfigScenario {
}
