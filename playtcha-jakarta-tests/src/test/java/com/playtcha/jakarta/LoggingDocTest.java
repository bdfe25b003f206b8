package com.playtcha.jakarta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/logging.md's table of loggers is the code's, as {@code ConfigurationDocTest} holds
 * docs/configuration.md to {@code Setting}: every {@code System.getLogger} of the library has its row,
 * by its name or under a package's row ({@code `a.b` and below}), the row lists the levels the code
 * writes that logger at, and no row names a logger the code no longer has.
 *
 * <p>Read from the sources: a file's logger is its {@code System.getLogger(X.class.getName())} or
 * {@code System.getLogger(CONSTANT)}, and its levels every {@code Level.X} the file names. A class that
 * writes through a logger handed to it (the journal's {@code FailingWrites}) counts under its package,
 * which a package row must then cover; but the observe note's {@code ObserveNote.log} writes the logger of each
 * file that calls it, at the levels it chooses, so those count for that file's logger and not for {@code spi.web}.
 */
class LoggingDocTest {

    /** The library's modules whose loggers the same page lists: core, Jakarta Security and Jakarta REST. */
    private static final List<Path> SOURCES = List.of(MainTrees.CORE, Path.of("../playtcha-jakarta-security/src/main/java"),
            Path.of("../playtcha-jakarta-rest/src/main/java"));
    private static final Path DOC = Path.of("..", "docs", "logging.md");
    private static final Pattern BY_CLASS = Pattern.compile("System\\.getLogger\\((\\w+)\\.class\\.getName\\(\\)\\)");
    private static final Pattern BY_CONSTANT = Pattern.compile("System\\.getLogger\\((\\w+)\\)");
    /** The observe note's one logging method, which writes the logger it is handed. */
    private static final Path OBSERVE_NOTE = Path.of("com", "playtcha", "jakarta", "spi", "web", "ObserveNote.java");
    private static final Pattern LEVEL = Pattern.compile("\\bLevel\\.(ERROR|WARNING|INFO|DEBUG|TRACE)\\b");
    private static final Pattern ROW = Pattern.compile("(?m)^\\| `([\\w.]+)`( and below)? \\| ([A-Z, ]+) \\| .* \\|$");
    /** Most severe first, as the table lists them. */
    private static final List<Level> ORDER = List.of(Level.ERROR, Level.WARNING, Level.INFO, Level.DEBUG, Level.TRACE);

    @Test
    void everyLogger_hasItsRow_withTheLevelsItIsWrittenAt() throws IOException {
        Map<String, Set<Level>> loggers = loggers();
        Map<String, String> rows = new LinkedHashMap<>(); // name or package -> levels as written
        Set<String> packages = new HashSet<>();
        Matcher row = ROW.matcher(Files.readString(DOC));
        while (row.find()) {
            rows.put(row.group(1), row.group(3).strip());
            if (row.group(2) != null) {
                packages.add(row.group(1));
            }
        }
        assertTrue(rows.containsKey("com.playtcha.jakarta.verify"), "docs/logging.md's table was not found");

        Map<String, Set<Level>> covered = new TreeMap<>();
        List<String> missing = new ArrayList<>();
        loggers.forEach((logger, levels) -> {
            String name = rows.containsKey(logger) && !packages.contains(logger) ? logger : packageRow(logger, packages);
            if (name == null) {
                missing.add("| `" + logger + "` | " + format(levels) + " | ... |");
            } else {
                covered.computeIfAbsent(name, n -> EnumSet.noneOf(Level.class)).addAll(levels);
            }
        });

        assertEquals(List.of(), missing, "loggers of the code that docs/logging.md does not list");
        assertEquals(new TreeMap<>(rows).keySet(), covered.keySet(), "docs/logging.md's rows, each naming a logger the code has");
        Map<String, String> written = new TreeMap<>();
        covered.forEach((name, levels) -> written.put(name, format(levels)));
        assertEquals(written, new TreeMap<>(rows), "the levels each logger is written at");
    }

    /** The longest package row that covers this logger, or {@code null}. */
    private static String packageRow(String logger, Set<String> packages) {
        return packages.stream().filter(p -> logger.equals(p) || logger.startsWith(p + "."))
                .max((a, b) -> Integer.compare(a.length(), b.length())).orElse(null);
    }

    /** Every logger the library writes to, with the levels it writes it at. */
    static Map<String, Set<Level>> loggers() throws IOException {
        Map<String, Set<Level>> loggers = new TreeMap<>();
        for (Path root : SOURCES) {
            List<Path> sources;
            try (Stream<Path> files = Files.walk(root)) {
                sources = files.filter(f -> f.toString().endsWith(".java")).toList();
            }
            for (Path file : sources) {
                String source = Files.readString(file);
                Set<Level> levels = EnumSet.noneOf(Level.class);
                if (file.endsWith(OBSERVE_NOTE)) {
                    continue; // its levels are its callers' (below)
                }
                LEVEL.matcher(source).results().forEach(m -> levels.add(Level.valueOf(m.group(1))));
                if (source.contains("ObserveNote.log(")) {
                    levels.addAll(observeNoteLevels());
                }
                String logger = loggerOf(file, source);
                if (logger == null && !levels.isEmpty()) {
                    logger = packageOf(file); // it writes through a logger it was handed
                }
                if (logger != null) {
                    loggers.computeIfAbsent(logger, l -> EnumSet.noneOf(Level.class)).addAll(levels);
                }
            }
        }
        return loggers;
    }

    private static String loggerOf(Path file, String source) {
        Matcher byClass = BY_CLASS.matcher(source);
        if (byClass.find()) {
            String type = byClass.group(1);
            Matcher imported = Pattern.compile("(?m)^import ([\\w.]+\\." + type + ");").matcher(source);
            return imported.find() ? imported.group(1) : packageOf(file) + "." + type;
        }
        Matcher byConstant = BY_CONSTANT.matcher(source);
        if (byConstant.find()) {
            Matcher value = Pattern.compile(byConstant.group(1) + "\\s*=\\s*\"([^\"]+)\"").matcher(source);
            assertTrue(value.find(), () -> file + ": System.getLogger(" + byConstant.group(1) + ") names no constant of this file; teach LoggingDocTest");
            return value.group(1);
        }
        assertTrue(!source.contains("System.getLogger("), () -> file + " gets a logger this test cannot name; teach it");
        return null;
    }

    private static String packageOf(Path file) {
        Path root = SOURCES.stream().filter(file::startsWith).findFirst().orElseThrow();
        return root.relativize(file.getParent()).toString().replace(file.getFileSystem().getSeparator(), ".");
    }

    /** The levels {@code ObserveNote.log} writes at, read from its source as any file's are. */
    private static Set<Level> observeNoteLevels() throws IOException {
        Set<Level> levels = EnumSet.noneOf(Level.class);
        LEVEL.matcher(Files.readString(MainTrees.CORE.resolve(OBSERVE_NOTE))).results()
                .forEach(m -> levels.add(Level.valueOf(m.group(1))));
        return levels;
    }

    private static String format(Set<Level> levels) {
        return ORDER.stream().filter(levels::contains).map(Level::name).collect(Collectors.joining(", "));
    }
}
