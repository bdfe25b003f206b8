package com.playtcha.jakarta.it.liberty;

import com.playtcha.jakarta.it.MisconfiguredFilterScenario;

/** {@link MisconfiguredFilterScenario} in a real Open Liberty (its own CDI, MicroProfile Config and Jakarta Concurrency), managed by Arquillian. */
class LibertyMisconfiguredFilterIT extends MisconfiguredFilterScenario {
}
