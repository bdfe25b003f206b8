package com.playtcha.jakarta;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Takes the {@code ```java} blocks out of a Markdown document and compiles them, as written, with
 * javax.tools against the test class path: what the core's {@code ReadmeSnippetsTest} and
 * {@code DocsSnippetsTest} and playtcha-jakarta-rest's {@code RestDocTest} share. Each of them sets a
 * snippet in the smallest class its prose implies, compiles them all at once here and runs them.
 */
public final class SnippetCompiler {

    /**
     * A fenced block opened by {@code ```java} at any indent (a block inside a list item is indented)
     * and closed by {@code ```} at the same indent.
     */
    private static final Pattern JAVA_BLOCK = Pattern.compile("^([ \\t]*)```java[ \\t]*\\R(.*?)^\\1```[ \\t]*$",
            Pattern.MULTILINE | Pattern.DOTALL);

    private SnippetCompiler() {
    }

    /** The contents of every {@code ```java} block, in order, each without the indent of its fence. */
    public static List<String> javaBlocks(String markdown) {
        List<String> blocks = new ArrayList<>();
        Matcher matcher = JAVA_BLOCK.matcher(markdown);
        while (matcher.find()) {
            String indent = matcher.group(1);
            StringBuilder block = new StringBuilder();
            matcher.group(2).lines().forEach(line -> block
                    .append(line.startsWith(indent) ? line.substring(indent.length()) : line.strip()).append('\n'));
            blocks.add(block.toString());
        }
        return blocks;
    }

    /**
     * Compiles {@code sources} (a class's simple name in {@code pkg}, and its whole source) into
     * {@code classes}, and loads them over {@code parent}. When javac refuses them the test fails with
     * its messages and every source as it was set, naming {@code document}.
     */
    public static URLClassLoader compile(String document, String pkg, Map<String, String> sources, Path classes, ClassLoader parent)
            throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        List<JavaFileObject> units = new ArrayList<>();
        sources.forEach((name, source) -> units.add(new SimpleJavaFileObject(
                URI.create("string:///" + pkg + "/" + name + ".java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        }));
        // Surefire names the whole test class path here; java.class.path may be its manifest-only jar.
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, null)) {
            boolean ok = javac.getTask(null, files, diagnostics,
                    List.of("-d", classes.toString(), "-classpath", classPath, "-proc:none", "-nowarn"), null, units).call();
            if (!ok) {
                StringBuilder report = new StringBuilder(document).append("'s Java snippets do not compile:\n");
                for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                    report.append(d.getSource() == null ? "" : d.getSource().getName()).append(':').append(d.getLineNumber())
                            .append(": ").append(d.getMessage(null)).append('\n');
                }
                sources.forEach((name, source) -> report.append("\n--- ").append(name).append(".java\n").append(source));
                throw new AssertionError(report.toString());
            }
        }
        return new URLClassLoader(new URL[] {classes.toUri().toURL()}, parent);
    }
}
