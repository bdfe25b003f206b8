package com.playtcha.examples.webflux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * Every {@code ```java} and {@code ```properties} block of docs/webflux.md is this example's or the reactive login
 * tests': its lines (indentation aside) are lines of one of their files (main or test), in their order, so the
 * example's build (or playtcha-jakarta-spring-webflux-security-tests', for the "Logins" section) compiles them and
 * its tests run them, on each Spring Boot line; and every artifact its {@code ```xml} block names is one the example
 * builds with.
 */
class WebFluxDocTest {

    private static final Path DOC = Path.of("..", "..", "..", "docs", "webflux.md");
    /** Where the examples of the "Logins" section are: the reactive Spring Security application those tests run. */
    private static final Path LOGINS = Path.of("..", "..", "..", "playtcha-jakarta-spring-webflux-security-tests", "src");
    private static final Pattern BLOCK = Pattern.compile("```(?:java|properties)\\n(.*?)```", Pattern.DOTALL);

    @Test
    void everySnippet_isTheExamplesOwn() throws IOException {
        List<List<String>> files = new ArrayList<>();
        for (Path sources : List.of(Path.of("..", "src"), LOGINS)) {
            try (Stream<Path> walk = Files.walk(sources)) {
                for (Path file : walk.filter(Files::isRegularFile).toList()) {
                    files.add(normalized(Files.readString(file)));
                }
            }
        }
        Matcher blocks = BLOCK.matcher(Files.readString(DOC));
        int seen = 0;
        while (blocks.find()) {
            seen++;
            List<String> snippet = normalized(blocks.group(1));
            assertTrue(files.stream().anyMatch(file -> inOrder(snippet, file)), () -> "not in the example:\n" + blocks.group(1));
        }
        assertEquals(9, seen, "the snippets of " + DOC);
    }

    @Test
    void everyDependencyNamed_isOneTheExampleBuildsWith() throws IOException {
        String pom = Files.readString(Path.of("..", "pom.xml"));
        Matcher blocks = Pattern.compile("```xml\\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(DOC));
        int named = 0;
        while (blocks.find()) {
            Matcher artifacts = Pattern.compile("<artifactId>([^<]+)</artifactId>").matcher(blocks.group(1));
            while (artifacts.find()) {
                named++;
                assertTrue(pom.contains(artifacts.group()), () -> artifacts.group(1) + " is not a dependency of the example");
            }
        }
        assertEquals(2, named);
    }

    /** Whether every line of {@code snippet} is a line of {@code file}, in the same order. */
    private static boolean inOrder(List<String> snippet, List<String> file) {
        int next = 0;
        for (String line : snippet) {
            int found = file.subList(next, file.size()).indexOf(line);
            if (found < 0) {
                return false;
            }
            next += found + 1;
        }
        return true;
    }

    private static List<String> normalized(String text) {
        return text.lines().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
    }
}
