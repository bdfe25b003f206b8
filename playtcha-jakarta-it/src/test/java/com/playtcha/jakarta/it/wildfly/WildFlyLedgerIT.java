package com.playtcha.jakarta.it.wildfly;

import com.playtcha.jakarta.it.LedgerScenario;

/** {@link LedgerScenario} in a real WildFly 39 distribution (its own CDI, JSON-B and MicroProfile Config), managed by Arquillian. */
class WildFlyLedgerIT extends LedgerScenario {
}
