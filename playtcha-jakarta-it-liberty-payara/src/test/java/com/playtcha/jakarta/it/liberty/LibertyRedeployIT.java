package com.playtcha.jakarta.it.liberty;

import com.playtcha.jakarta.it.RedeployScenario;

/** {@link RedeployScenario} in a real Open Liberty (its own CDI, MicroProfile Config and Jakarta Concurrency), managed by Arquillian. */
class LibertyRedeployIT extends RedeployScenario {
}
