package com.playtcha.jakarta.it.liberty;

import com.playtcha.jakarta.it.MicroProfileConfigScenario;

/** {@link MicroProfileConfigScenario} in a real Open Liberty (its own CDI, MicroProfile Config and Jakarta Concurrency), managed by Arquillian. */
class LibertyMicroProfileConfigIT extends MicroProfileConfigScenario {
}
