package com.playtcha.jakarta.core;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's settings table is the one {@link Setting} declares; a changed default fails here first. */
class ReadmeTest {

    static String settingsTable() {
        StringBuilder table = new StringBuilder();
        table.append("| MicroProfile Config key | init-param | environment | default | meaning |\n");
        table.append("|---|---|---|---|---|\n");
        for (Setting s : Setting.values()) {
            table.append("| `").append(s.key()).append("` | ")
                    .append(s == Setting.URL_PATTERNS ? "(none)" : "`" + s.initParam() + "`").append(" | `")
                    .append(s.environmentVariable()).append("` | ")
                    .append(s.defaultValue().map(d -> "`" + d + "`").orElse(s == Setting.SECRET ? "required" : "none"))
                    .append(" | ").append(s.description()).append(" |\n");
        }
        return table.toString();
    }

    @Test
    void readmeSettingsTable_isTheDeclaredOne() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        String expected = settingsTable();

        assertTrue(readme.contains(expected), () -> "README.md must contain this table, generated from Setting:\n" + expected);
    }
}
