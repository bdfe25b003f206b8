package com.playtcha.examples.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.DecisionAttributes;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every {@code ```java} block of docs/spring-boot.md is this example's code: its lines (indentation
 * aside) are lines of one source file, in their order, so the example's build compiles them and its
 * tests run them, on each Spring Boot line. A snippet may leave out imports it does not need and the
 * {@code package} line. Its table of request attributes is {@link DecisionAttributes}, constant by constant.
 */
class SpringBootDocTest {

    private static final Path DOC = Path.of("..", "..", "..", "docs", "spring-boot.md");
    private static final Path SOURCES = Path.of("..", "src");
    private static final Pattern JAVA = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern ATTRIBUTE_ROW = Pattern.compile("^\\| `DecisionAttributes\\.(\\w+)` \\| `([^`]+)` \\|", Pattern.MULTILINE);

    @Test
    void everyJavaSnippet_isTheExamplesCode() throws IOException {
        List<List<String>> files = sources();
        Matcher blocks = JAVA.matcher(Files.readString(DOC));
        List<String> snippets = new ArrayList<>();
        while (blocks.find()) {
            snippets.add(blocks.group(1));
        }

        assertEquals(5, snippets.size(), "the Java snippets of " + DOC);
        for (String snippet : snippets) {
            List<String> lines = normalized(snippet);
            assertTrue(files.stream().anyMatch(file -> inOrder(lines, file)),
                    () -> "not in examples/spring-boot-app/src:\n" + snippet);
        }
    }

    /**
     * The attribute table: one row per constant of {@link DecisionAttributes}, each with that constant's
     * value, so neither a new attribute nor a renamed one goes unsaid.
     */
    @Test
    void attributeTable_namesEveryConstant_withItsValue() throws Exception {
        Map<String, String> rows = new LinkedHashMap<>();
        Matcher row = ATTRIBUTE_ROW.matcher(Files.readString(DOC));
        while (row.find()) {
            rows.put(row.group(1), row.group(2));
        }
        Map<String, String> constants = new LinkedHashMap<>();
        for (Field field : DecisionAttributes.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                constants.put(field.getName(), (String) field.get(null));
            }
        }

        assertEquals(constants, rows, "docs/spring-boot.md's table of request attributes");
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

    private static List<List<String>> sources() throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            List<List<String>> all = new ArrayList<>();
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                all.add(normalized(Files.readString(file)));
            }
            return all;
        }
    }

    private static List<String> normalized(String text) {
        return text.lines().map(String::strip).filter(line -> !line.isEmpty()).collect(Collectors.toList());
    }
}
