package com.playtcha.jakarta.it.liberty;

import com.playtcha.jakarta.it.LedgerCdiScenario;

/** {@link LedgerCdiScenario} in a real Open Liberty (its own CDI, MicroProfile Config and Jakarta Concurrency), managed by Arquillian. */
class LibertyLedgerCdiIT extends LedgerCdiScenario {
}
