package com.playtcha.examples.quarkus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/quarkus.md shows this example's own code and its sibling's (examples/quarkus-login, its "Logins"): each of
 * its Java blocks is in one of the two examples' sources, its XML blocks in their poms, each property it sets in
 * their application.properties (as it is, or under a profile: {@code %cluster.key=value}). So what the page shows
 * compiles and is what the two examples' tests ran.
 */
class QuarkusDocTest {

    private static final Path DOC = Path.of("../../docs/quarkus.md");
    private static final Path LOGINS = Path.of("../quarkus-login");
    private static final Pattern BLOCK = Pattern.compile("```(\\w+)\\n(.*?)```", Pattern.DOTALL);

    @Test
    void everySnippet_isTheExamplesCode() throws IOException {
        String sources = read(Path.of("src")) + read(LOGINS.resolve("src"));
        String pom = flat(Files.readString(Path.of("pom.xml")) + Files.readString(LOGINS.resolve("pom.xml")));
        String properties = Files.readString(Path.of("src/main/resources/application.properties")) + "\n"
                + Files.readString(LOGINS.resolve("src/main/resources/application.properties"));
        List<String> missing = new ArrayList<>();
        int blocks = 0;
        Matcher block = BLOCK.matcher(Files.readString(DOC));
        while (block.find()) {
            blocks++;
            String code = block.group(2);
            boolean found = switch (block.group(1)) {
                case "java" -> sources.contains(code);
                case "xml" -> pom.contains(flat(code));
                case "properties" -> code.lines().filter(l -> !l.isBlank() && !l.startsWith("#"))
                        .allMatch(l -> properties.lines().anyMatch(p -> p.equals(l) || p.matches("%[\\w-]+\\." + Pattern.quote(l))));
                default -> false;
            };
            if (!found) {
                missing.add(block.group(1) + ":\n" + code);
            }
        }
        assertFalse(blocks == 0, "no code block in " + DOC);
        assertEquals(List.of(), missing, "blocks of docs/quarkus.md that are not the example's");
    }

    private static String read(Path dir) throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                all.append(Files.readString(file)).append('\n');
            }
        }
        return all.toString();
    }

    private static String flat(String xml) {
        return xml.replaceAll("\\s+", "");
    }
}
