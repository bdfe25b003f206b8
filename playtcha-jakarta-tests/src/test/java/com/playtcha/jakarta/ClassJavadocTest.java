package com.playtcha.jakarta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreeScanner;
import com.sun.source.util.Trees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.lang.model.element.Modifier;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * A public class's Javadoc is its contract, at most {@value #MAX_LINES} lines (STYLE.md: what it does,
 * one snippet, the settings, one warning); the manual goes to {@code docs/}, the reasoning to
 * {@code design/}, linked in one line. Holds over the main code of every module under the house rules
 * ({@link MainTrees#MODULES}: the core, the doors, the stores, the starter, the simulator).
 */
class ClassJavadocTest {

    /** Lines a public type's Javadoc may span, from its {@code /**} line to its closing line. */
    static final int MAX_LINES = 40;

    @Test
    void everyPublicType_keepsItsJavadocToItsContract() throws IOException {
        List<Path> files = MainTrees.allSources();
        assertTrue(files.stream().anyMatch(f -> f.endsWith("tomcat/PlaytchaLoginValve.java")), "the doors are read too");
        assertEquals(List.of(), tooLong(files), "public types whose Javadoc is over " + MAX_LINES + " lines");
    }

    /** The rule itself, on a class that breaks it and one that keeps it: the test can fail. */
    @Test
    void aLongJavadoc_isNamedWithItsLength() throws IOException {
        Path dir = Files.createTempDirectory("javadoc");
        try {
            String body = " * a line\n".repeat(MAX_LINES);
            Path longer = Files.writeString(dir.resolve("Wordy.java"),
                    "package x;\n\nimport java.util.List;\n\n/**\n" + body + " */\n@Deprecated\npublic final class Wordy {\n"
                            + "    /**\n" + body + "     */\n    public interface Inner {\n    }\n}\n");
            Path shorter = Files.writeString(dir.resolve("Brief.java"),
                    "package x;\n\n/**\n" + " * a line\n".repeat(MAX_LINES - 2) + " */\npublic record Brief(int a) {\n"
                            + "    /**\n" + body + "     */\n    interface Hidden {\n    }\n}\n");
            String shown = MainTrees.shown(longer);
            assertEquals(List.of(shown + ": Wordy 42 lines", shown + ": Wordy.Inner 42 lines"), tooLong(List.of(longer, shorter)));
        } finally {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(dir);
        }
    }

    /** Public types (nested ones too) whose Javadoc is too long, by file path, found by javac's own parser. */
    private static List<String> tooLong(List<Path> files) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> found = new ArrayList<>();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(null, null, null)) {
            Iterable<? extends JavaFileObject> units = fm.getJavaFileObjectsFromPaths(files);
            JavacTask task = (JavacTask) javac.getTask(null, fm, diagnostic -> { }, List.of("-proc:none"), null, units);
            SourcePositions positions = Trees.instance(task).getSourcePositions();
            for (CompilationUnitTree unit : task.parse()) {
                String text = unit.getSourceFile().getCharContent(true).toString();
                new TreeScanner<Void, String>() {
                    @Override
                    public Void visitClass(ClassTree type, String outer) {
                        String name = outer.isEmpty() ? type.getSimpleName().toString() : outer + "." + type.getSimpleName();
                        if (type.getModifiers().getFlags().contains(Modifier.PUBLIC)) {
                            long lines = javadocLines(unit, text, positions.getStartPosition(unit, type));
                            if (lines > MAX_LINES) {
                                found.add(MainTrees.shown(Path.of(unit.getSourceFile().toUri())) + ": " + name + " " + lines + " lines");
                            }
                        }
                        return super.visitClass(type, name);
                    }
                }.scan(unit, "");
            }
        }
        return found;
    }

    /**
     * The lines of the Javadoc comment just before a declaration that starts at {@code start} (its
     * annotations included), counted from its {@code /**} line to its closing line; 0 without one.
     */
    private static long javadocLines(CompilationUnitTree unit, String text, long start) {
        int end = (int) start;
        while (end > 0 && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        if (end < 2 || !text.startsWith("*/", end - 2)) {
            return 0;
        }
        int open = text.lastIndexOf("/**", end - 2);
        if (open < 0) {
            return 0;
        }
        return unit.getLineMap().getLineNumber(end - 1) - unit.getLineMap().getLineNumber(open) + 1;
    }
}
