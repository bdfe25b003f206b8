package com.playtcha.examples.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every {@code ```java} block of docs/spring-boot.md is this example's code, line for line (indentation
 * aside), so the example's build compiles it and its tests run it, on each Spring Boot line.
 */
class SpringBootDocTest {

    private static final Path DOC = Path.of("..", "..", "..", "docs", "spring-boot.md");
    private static final Path SOURCES = Path.of("..", "src");
    private static final Pattern JAVA = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

    @Test
    void everyJavaSnippet_isTheExamplesCode() throws IOException {
        String code = normalized(sources());
        Matcher blocks = JAVA.matcher(Files.readString(DOC));
        List<String> snippets = new ArrayList<>();
        while (blocks.find()) {
            snippets.add(blocks.group(1));
        }

        assertEquals(3, snippets.size(), "the Java snippets of " + DOC);
        for (String snippet : snippets) {
            assertTrue(code.contains(normalized(snippet)), () -> "not in examples/spring-boot-app/src:\n" + snippet);
        }
    }

    private static String sources() throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            StringBuilder all = new StringBuilder();
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                all.append(Files.readString(file)).append('\n');
            }
            return all.toString();
        }
    }

    private static String normalized(String text) {
        return text.lines().map(String::strip).filter(line -> !line.isEmpty()).collect(Collectors.joining("\n"));
    }
}
