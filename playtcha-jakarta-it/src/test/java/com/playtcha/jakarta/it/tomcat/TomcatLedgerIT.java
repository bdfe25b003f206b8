package com.playtcha.jakarta.it.tomcat;

import com.playtcha.jakarta.it.LedgerScenario;

/** {@link LedgerScenario} in real Tomcat 10.1 and 11.0 distributions, managed by Arquillian (one Failsafe execution each). */
class TomcatLedgerIT extends LedgerScenario {
}
