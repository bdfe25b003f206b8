package com.playtcha.jakarta.core;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md's settings table (the README links to it) is the one {@link Setting}
 * declares; a changed default or scope, or a setting added without its row, fails here first. The
 * scope column is the one list of the settings that build a verifier: docs and Javadoc point to it.
 */
class ConfigurationDocTest {

    static String settingsTable() {
        StringBuilder table = new StringBuilder();
        table.append("| MicroProfile Config key | init-param | environment | default | scope | meaning |\n");
        table.append("|---|---|---|---|---|---|\n");
        for (Setting s : Setting.values()) {
            table.append("| `").append(s.key()).append("` | ")
                    .append(s == Setting.URL_PATTERNS ? "(none)" : "`" + s.initParam() + "`").append(" | `")
                    .append(s.environmentVariable()).append("` | ")
                    .append(s.defaultValue().map(d -> "`" + d + "`").orElse(s == Setting.SECRET ? "required" : "none"))
                    .append(" | ").append(s.scope())
                    // A description links as from the repository's root (docs/x.md); the table is in docs/.
                    .append(" | ").append(s.description().replace("](docs/", "](")).append(" |\n");
        }
        return table.toString();
    }

    @Test
    void settingsTable_isTheDeclaredOne() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "configuration.md"));
        String expected = settingsTable();

        assertTrue(doc.contains(expected), () -> "docs/configuration.md must contain this table, generated from Setting:\n" + expected);
    }
}
