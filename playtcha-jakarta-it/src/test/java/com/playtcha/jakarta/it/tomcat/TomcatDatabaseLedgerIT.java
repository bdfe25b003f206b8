package com.playtcha.jakarta.it.tomcat;

import com.playtcha.jakarta.it.DatabaseLedgerScenario;

/** {@link DatabaseLedgerScenario} in real Tomcat 10.1 and 11.0 distributions: a {@code <Resource>} in context.xml, the driver in lib/. */
class TomcatDatabaseLedgerIT extends DatabaseLedgerScenario {
}
