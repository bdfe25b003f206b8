package com.playtcha.jakarta.it.jetty;

import com.playtcha.jakarta.it.RedeployScenario;

/** {@link RedeployScenario} in an embedded Jetty 12.0 (ee10). */
class JettyRedeployIT extends RedeployScenario {
}
