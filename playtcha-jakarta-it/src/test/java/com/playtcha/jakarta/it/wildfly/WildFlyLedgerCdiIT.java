package com.playtcha.jakarta.it.wildfly;

import com.playtcha.jakarta.it.LedgerCdiScenario;

/** {@link LedgerCdiScenario} in a real WildFly 39 distribution, with its own CDI and MicroProfile Config. */
class WildFlyLedgerCdiIT extends LedgerCdiScenario {
}
