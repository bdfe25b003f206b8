package com.playtcha.jakarta.security;

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
 * Every {@code ```java} block of docs/login.md is code of this module's tests, its lines in order, so
 * the build compiles it and the tests run it ({@link CodeLogin} in {@link EveryPasswordCheckCountedTest}).
 */
class LoginDocTest {

    private static final Path DOC = Path.of("..", "docs", "login.md");
    private static final Pattern JAVA = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

    @Test
    void everyJavaSnippet_isThisModulesCode() throws IOException {
        List<List<String>> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(Path.of("src", "test", "java"))) {
            for (Path file : walk.filter(f -> f.toString().endsWith(".java")).toList()) {
                files.add(lines(Files.readString(file)));
            }
        }
        Matcher blocks = JAVA.matcher(Files.readString(DOC));
        int seen = 0;
        while (blocks.find()) {
            seen++;
            List<String> snippet = lines(blocks.group(1));
            assertTrue(files.stream().anyMatch(file -> inOrder(snippet, file)), "not in the tests:\n" + blocks.group(1));
        }
        assertEquals(1, seen, "the Java snippets of " + DOC);
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

    private static List<String> lines(String text) {
        return text.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
    }
}
