package com.playtcha.examples.springsecurity;

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
 * Every {@code ```java}, {@code ```html} and {@code ```properties} block of docs/spring-security.md is this
 * example's: its lines (indentation aside) are lines of one of its files, in their order, so the example's
 * build compiles them and its tests run them, on each Spring Boot line.
 */
class SpringSecurityDocTest {

    private static final Path DOC = Path.of("..", "..", "..", "docs", "spring-security.md");
    private static final Path SOURCES = Path.of("..", "src", "main");
    private static final Pattern BLOCK = Pattern.compile("```(?:java|html|properties)\\n(.*?)```", Pattern.DOTALL);

    @Test
    void everySnippet_isTheExamplesOwn() throws IOException {
        List<List<String>> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(SOURCES)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.add(normalized(Files.readString(file)));
            }
        }
        Matcher blocks = BLOCK.matcher(Files.readString(DOC));
        int seen = 0;
        while (blocks.find()) {
            seen++;
            List<String> snippet = normalized(blocks.group(1));
            assertTrue(files.stream().anyMatch(file -> inOrder(snippet, file)), () -> "not in the example:\n" + blocks.group(1));
        }
        assertEquals(6, seen, "the snippets of " + DOC);
    }

    /**
     * Every artifact an {@code ```xml} block of the doc names is a dependency the example builds with: on Spring Boot 4.0
     * (the example's own pom or its 4.0 line's), and the one a comment names for 3.5 on its 3.5 line.
     */
    @Test
    void everyDependencyNamed_isOneTheExampleBuildsWith() throws IOException {
        String boot4 = Files.readString(Path.of("..", "pom.xml")) + Files.readString(Path.of("..", "spring-boot-4.0", "pom.xml"));
        String boot35 = Files.readString(Path.of("..", "spring-boot-3.5", "pom.xml"));
        Matcher blocks = Pattern.compile("```xml\\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(DOC));
        int named = 0;
        while (blocks.find()) {
            Matcher artifacts = Pattern.compile("<artifactId>([^<]+)</artifactId>").matcher(blocks.group(1));
            while (artifacts.find()) {
                named++;
                assertTrue(boot4.contains(artifacts.group()), () -> artifacts.group(1) + " is not a dependency of the example on 4.0");
            }
            Matcher older = Pattern.compile("Spring Boot 3\\.5: (\\S+) -->").matcher(blocks.group(1));
            while (older.find()) {
                String dependency = "<artifactId>" + older.group(1) + "</artifactId>";
                assertTrue(boot35.contains(dependency), () -> older.group(1) + " is not a dependency of the example on 3.5");
            }
        }
        assertEquals(3, named, "the dependencies of " + DOC);
    }

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

    /** The lines that say something, each without its indentation. */
    private static List<String> normalized(String text) {
        return text.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
    }
}
