package com.playtcha.jakarta.it.jetty;

import com.playtcha.jakarta.it.LedgerScenario;

/** {@link LedgerScenario} in an embedded Jetty 12.0 (ee10). */
class JettyLedgerIT extends LedgerScenario {
}
