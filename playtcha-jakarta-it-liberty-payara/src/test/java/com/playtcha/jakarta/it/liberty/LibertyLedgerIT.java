package com.playtcha.jakarta.it.liberty;

import com.playtcha.jakarta.it.LedgerScenario;

/** {@link LedgerScenario} in a real Open Liberty (its own CDI, MicroProfile Config and Jakarta Concurrency), managed by Arquillian. */
class LibertyLedgerIT extends LedgerScenario {
}
