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
