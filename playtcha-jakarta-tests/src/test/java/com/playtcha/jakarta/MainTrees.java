package com.playtcha.jakarta;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * The main code the house rules hold, in one place: the source root of every module shipped to users
 * (the core's and those of the reactor beside it, read from the directory of the library's tests), and the walks
 * the rules share over them. A module with main code that is neither here nor in {@link #LEFT_OUT} fails
 * {@code ArchitectureTest.everyModuleWithMainCode_isUnderTheRules}.
 */
final class MainTrees {

    /** The core's main sources. */
    static final Path CORE = module("playtcha-jakarta");
    /** Every module's main sources under the house rules, the core's first. */
    static final List<Path> MODULES = List.of(CORE,
            module("playtcha-jakarta-cluster"), module("playtcha-jakarta-redis"),
            module("playtcha-jakarta-security"), module("playtcha-jakarta-rest"),
            module("playtcha-jakarta-tomcat"), module("playtcha-jakarta-jetty"),
            module("playtcha-jakarta-payara"), module("playtcha-jakarta-undertow"),
            module("playtcha-jakarta-spring-boot-starter"), module("playtcha-jakarta-quarkus"),
            module("playtcha-jakarta-keycloak"),
            // the simulator: a test-scope jar, but users' tests run it, so it is read as main code
            module("playtcha-jakarta-testing"));
    /**
     * Main code of the reactor that is not shipped, so not under every rule: the benchmarks (held to the
     * method rule only) and the PostgreSQL and Redis fixtures of the tests.
     */
    static final List<Path> LEFT_OUT = List.of(module("benchmarks"), module("test-postgres"));
    /** The benchmarks' sources: no one reads them as a manual, but their methods still read at once. */
    static final Path BENCHMARKS = module("benchmarks");

    private MainTrees() {
    }

    private static Path module(String name) {
        return Path.of("..", name, "src/main/java");
    }

    /** The {@code .java} files (package-info included) under {@code root}, sorted. */
    static List<Path> javaFiles(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(root + " is not there: a module of MainTrees.MODULES moved?", e);
        }
    }

    /** The classes (no package-info) under {@code root}, sorted. */
    static List<Path> sources(Path root) {
        return javaFiles(root).stream().filter(f -> !f.endsWith("package-info.java")).toList();
    }

    /** The classes of every module under the rules. */
    static List<Path> allSources() {
        return MODULES.stream().flatMap(root -> sources(root).stream()).toList();
    }

    /** Each directory holding Java sources in every module under the rules: a package. */
    static List<Path> allPackages() {
        return MODULES.stream().flatMap(root -> javaFiles(root).stream()).map(Path::getParent).distinct().sorted().toList();
    }

    /** {@code file} as a reader finds it from the reactor's root: {@code playtcha-jakarta-rest/src/main/...}. */
    static String shown(Path file) {
        Path reactor = Path.of("").toAbsolutePath().getParent();
        return reactor.relativize(file.toAbsolutePath().normalize()).toString();
    }

    /**
     * Methods and constructors of {@code files} spanning more than {@code maxLines} lines (Javadoc not
     * included), each as {@code file:line name(): n lines}, found by javac's own parser (no attribution,
     * no class path needed).
     */
    static List<String> methodsLongerThan(int maxLines, List<Path> files) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> tooLong = new ArrayList<>();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(null, null, null)) {
            Iterable<? extends JavaFileObject> units = fm.getJavaFileObjectsFromPaths(files);
            JavacTask task = (JavacTask) javac.getTask(null, fm, diagnostic -> { }, List.of("-proc:none"), null, units);
            SourcePositions positions = Trees.instance(task).getSourcePositions();
            for (CompilationUnitTree unit : task.parse()) {
                new TreePathScanner<Void, Void>() {
                    @Override
                    public Void visitMethod(MethodTree method, Void unused) {
                        long start = unit.getLineMap().getLineNumber(positions.getStartPosition(unit, method));
                        long end = unit.getLineMap().getLineNumber(positions.getEndPosition(unit, method));
                        if (end - start + 1 > maxLines) {
                            tooLong.add(shown(Path.of(unit.getSourceFile().toUri())) + ":" + start + " "
                                    + method.getName() + "(): " + (end - start + 1) + " lines");
                        }
                        return super.visitMethod(method, unused);
                    }
                }.scan(unit, null);
            }
        }
        return tooLong;
    }
}
