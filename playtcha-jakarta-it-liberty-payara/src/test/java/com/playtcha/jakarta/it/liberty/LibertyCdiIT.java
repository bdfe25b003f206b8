package com.playtcha.jakarta.it.liberty;

import com.playtcha.jakarta.it.CdiScenario;

/** {@link CdiScenario} in a real Open Liberty (its own CDI, MicroProfile Config and Jakarta Concurrency), managed by Arquillian. */
class LibertyCdiIT extends CdiScenario {
}
