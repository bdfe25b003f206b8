package com.playtcha.jakarta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * design/login-path.md, the map of the two walks, stays true: every class it names (in backticks, a
 * capitalised name, nested ones with a dot) is one of the repository's main classes, and every method
 * or constant it names ({@code Class.member}) is declared in that class's file.
 */
class DesignMapTest {

    private static final Path REPOSITORY = Path.of("..");
    private static final Pattern NAMED = Pattern.compile("`([A-Z]\\w*)(?:\\.([A-Za-z]\\w*))?`");

    @Test
    void everyClassAndMethodOnTheMap_isInTheCode() throws IOException {
        Map<String, Path> classes = mainClasses();
        String map = Files.readString(REPOSITORY.resolve("design/login-path.md"));
        Matcher named = NAMED.matcher(map);
        List<String> missing = new ArrayList<>();
        int seen = 0;
        while (named.find()) {
            seen++;
            Path file = classes.get(named.group(1));
            if (file == null) {
                missing.add(named.group());
                continue;
            }
            String member = named.group(2);
            String text = Files.readString(file);
            if (member != null && !text.contains(" " + member + "(") && !text.contains(" " + member + " =") && !text.matches("(?s).*\\b(class|interface|record|enum) "
                    + member + "\\b.*")) {
                missing.add(named.group());
            }
        }
        assertTrue(seen > 40, "the map names " + seen + " classes and methods");
        assertEquals(List.of(), missing, "named on the map, not found in the code");
    }

    /** Every main class of every module, by simple name, with the file it is declared in. */
    private static Map<String, Path> mainClasses() throws IOException {
        Map<String, Path> classes = new TreeMap<>();
        try (Stream<Path> files = Files.walk(REPOSITORY, 12)) {
            files.filter(f -> f.toString().endsWith(".java") && f.toString().contains("src/main/java"))
                    .forEach(f -> classes.put(f.getFileName().toString().replace(".java", ""), f));
        }
        return classes;
    }
}
