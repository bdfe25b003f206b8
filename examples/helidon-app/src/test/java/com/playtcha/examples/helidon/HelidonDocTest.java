package com.playtcha.examples.helidon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/rest.md's "Helidon MP" section shows this example: its XML block is in this pom, each property it sets is
 * in microprofile-config.properties. So what the page shows is what {@link HelidonAppTest} ran.
 */
class HelidonDocTest {

    private static final Path DOC = Path.of("../../docs/rest.md");
    private static final Pattern BLOCK = Pattern.compile("```(\\w+)\\n(.*?)```", Pattern.DOTALL);

    @Test
    void theHelidonSectionsSnippets_areTheExamples() throws IOException {
        String doc = Files.readString(DOC);
        String section = doc.substring(doc.indexOf("\n## Helidon MP\n"));
        int next = section.indexOf("\n## ", 1);
        section = next < 0 ? section : section.substring(0, next);
        String pom = flat(Files.readString(Path.of("pom.xml")));
        String properties = Files.readString(Path.of("src/main/resources/META-INF/microprofile-config.properties"));
        List<String> missing = new ArrayList<>();
        int blocks = 0;
        Matcher block = BLOCK.matcher(section);
        while (block.find()) {
            blocks++;
            String code = block.group(2);
            boolean found = switch (block.group(1)) {
                case "xml" -> pom.contains(flat(code));
                case "properties" -> code.lines().filter(l -> !l.isBlank() && !l.startsWith("#"))
                        .allMatch(l -> properties.lines().anyMatch(l::equals));
                default -> false;
            };
            if (!found) {
                missing.add(block.group(1) + ":\n" + code);
            }
        }
        assertFalse(blocks == 0, "no code block in docs/rest.md's Helidon MP section");
        assertEquals(List.of(), missing, "blocks of docs/rest.md's Helidon MP section that are not the example's");
    }

    private static String flat(String xml) {
        return xml.replaceAll("\\s+", "");
    }
}
