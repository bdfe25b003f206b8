package com.playtcha.jakarta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The rooms hold: each package imports only what its {@code package-info.java} allows, and no
 * method in main code outgrows what a reader can take in at once. Reads the sources, so a
 * change that breaks a rule fails here with the file and the line, not in a review.
 */
class ArchitectureTest {

    private static final Path LIBRARY = Path.of("src/main/java");
    /** The Jakarta Security module: the package {@code security}, under the same rules as the core's. */
    private static final Path SECURITY = Path.of("../playtcha-jakarta-security/src/main/java");
    /** The Jakarta REST module: the package {@code rest}, under the same rules as the core's. */
    private static final Path REST = Path.of("../playtcha-jakarta-rest/src/main/java");
    private static final Path SIMULATOR = Path.of("../playtcha-jakarta-testing/src/main/java");
    private static final Path BENCHMARKS = Path.of("../benchmarks/src/main/java");
    /** Lines a method or constructor may span, its Javadoc not included. */
    private static final int MAX_METHOD_LINES = 40;

    private static final String BASE = "com.playtcha.jakarta.";
    /** For each package (the longest prefix that matches), the packages of ours it must not name. */
    private static final Map<String, List<String>> FORBIDDEN = Map.ofEntries(
            Map.entry(BASE + "core", List.of("servlet", "cdi", "rest", "security", "telemetry", "health", "config", "spi", "internal")),
            // Reads settings for the integrations: the core only.
            Map.entry(BASE + "config", List.of("servlet", "cdi", "rest", "security", "telemetry", "health", "spi", "internal")),
            Map.entry(BASE + "servlet", List.of("cdi", "rest", "security", "health", "telemetry", "internal")),
            Map.entry(BASE + "cdi", List.of("servlet", "rest", "security", "health", "telemetry", "internal")),
            Map.entry(BASE + "rest", List.of("servlet", "cdi", "security", "telemetry", "health", "internal")),
            Map.entry(BASE + "telemetry", List.of("servlet", "cdi", "rest", "security", "health", "config", "spi", "internal")),
            Map.entry(BASE + "health", List.of("servlet", "cdi", "rest", "security", "telemetry", "spi", "internal")),
            Map.entry(BASE + "security", List.of("servlet", "cdi", "rest", "telemetry", "health", "config", "internal")),
            // What other jars implement or call: the public core, and nothing of the engine but in Holders, its one factory.
            Map.entry(BASE + "spi", List.of("servlet", "cdi", "rest", "security", "telemetry", "health", "config", "internal")),
            // What the store modules implement: names nothing of what the web side and the doors call.
            Map.entry(BASE + "spi.store", List.of("servlet", "cdi", "rest", "security", "telemetry", "health", "config", "internal",
                    "spi.web", "spi.door")),
            // What the web adapters and the login doors call: the stores' contracts it counts on, never the engine.
            Map.entry(BASE + "spi.web", List.of("servlet", "cdi", "rest", "security", "telemetry", "health", "config", "internal")),
            // The protocol a door on the server's class path speaks, relocated into each door jar: the JDK only.
            Map.entry(BASE + "spi.door", List.of("servlet", "cdi", "rest", "security", "telemetry", "health", "config", "internal",
                    "spi.web", "spi.store")),
            Map.entry(BASE + "internal.telemetry", List.of("servlet", "cdi", "rest", "security", "health", "config", "spi", "internal")),
            Map.entry(BASE + "internal.http", List.of("servlet", "cdi", "rest", "security", "telemetry", "health", "config",
                    "internal.telemetry", "internal.budget", "internal.ledger", "internal.verifier", "internal.cluster")),
            Map.entry(BASE + "internal.budget", List.of("servlet", "cdi", "rest", "security", "telemetry", "health", "config",
                    "internal.telemetry", "internal.http", "internal.ledger", "internal.verifier")),
            // How the core finds the cluster module: budgets and ledger both ask it, so it names neither.
            Map.entry(BASE + "internal.cluster", List.of("servlet", "cdi", "rest", "security", "telemetry", "health", "config", "spi",
                    "internal")),
            Map.entry(BASE + "internal.ledger", List.of("servlet", "cdi", "rest", "security", "telemetry", "health", "config",
                    "internal.telemetry", "internal.http", "internal.budget", "internal.verifier")),
            Map.entry(BASE + "internal.verifier", List.of("servlet", "cdi", "rest", "security", "telemetry", "health", "config",
                    "internal.telemetry", "internal.cluster")));
    /**
     * What a class may name despite its package's rule above: the SPI's {@code Holders} the verifier's
     * factory and the metrics' attachment, the public core's {@code PlaytchaVerifier.create} the factory, the
     * metrics' attachment the optional-API check of {@code config}. A package may always name itself.
     */
    private static final Map<String, List<String>> ALLOWED_IN = Map.of(
            "spi/Holders.java", List.of("internal.verifier", "internal.telemetry"),
            "core/PlaytchaVerifier.java", List.of("internal.verifier"),
            "internal/telemetry/OptionalMetrics.java", List.of("config"),
            // the annotation's name as text, to find a WAR whose resources carry it while its jar is missing
            "servlet/RestJarCheck.java", List.of("rest"));
    /** Classes of the SPI that read or write a servlet request: the only ones that may import the Servlet API. */
    private static final List<String> SPI_SERVLET = List.of("ServletRequestView.java", "ServletRejection.java", "LoginAnswer.java");
    /** The login policy of the SPI: what decides, and names nothing of the web side that renders it. */
    private static final List<String> LOGIN_POLICY = List.of("web/LoginPolicy.java", "web/LoginAttempt.java",
            "web/LoginOutcome.java", "store/AccountKey.java", "door/LoginPost.java", "door/LoginProtocol.java");
    /** The web side of the SPI, which the login policy must not name. */
    private static final List<String> WEB_SIDE = List.of("WebGuard", "WebDecision", "WebLogin", "GuardedRequest", "Rejection",
            "RejectionBody", "AcceptHeader", "ServletRequestView", "ServletRejection", "LoginAnswer");
    /** The most public top-level types the engine ({@code internal}) may have: what other packages of the core call. */
    static final int MAX_PUBLIC_INTERNAL_TYPES = 15;
    /**
     * Optional APIs and the packages that may import each: elsewhere a missing API would fail class
     * loading. The holders reach OpenTelemetry only through {@code spi.Holders.metrics} and
     * {@code internal.telemetry.OptionalMetrics}, which names no OpenTelemetry type and loads the classes that
     * do once it found the API.
     */
    private static final Map<String, List<String>> OPTIONAL_APIS = Map.of(
            "io.opentelemetry.", List.of(BASE + "telemetry", BASE + "internal.telemetry"),
            "org.eclipse.microprofile.health.", List.of(BASE + "health"),
            "jakarta.ws.rs.", List.of(BASE + "rest"),
            "org.jboss.resteasy.reactive.", List.of(BASE + "rest"),
            "io.smallrye.mutiny.", List.of(BASE + "rest"),
            "jakarta.security.enterprise.", List.of(BASE + "security"),
            "org.eclipse.microprofile.config.", List.of(BASE + "config"));
    /** Classes of those packages that must name none of them: they are what checks for the API. */
    private static final List<String> OPTIONAL_API_FREE = List.of("OptionalMetrics.java", "package-info.java",
            "PlaytchaSecurityExtension.java", "PlaytchaLogin.java");
    /**
     * Third-party APIs the public core must not touch (it is the JDK only), nor the web guard (it sees
     * a request only through the interface each web filter implements).
     */
    private static final List<String> CORE_FORBIDDEN_APIS = List.of("jakarta.servlet.", "jakarta.enterprise.", "jakarta.security.",
            "org.eclipse.microprofile.", "org.apache.hc.", "jakarta.json.", "jakarta.ws.rs.", "io.opentelemetry.");
    private static final Pattern NAMED = Pattern.compile("\\b(com\\.playtcha\\.jakarta\\.[a-z.]+)\\.[A-Z]");
    /** A class of HttpClient's, imported or written out, up to its top-level type. */
    private static final Pattern HTTPCLIENT_TYPE = Pattern.compile("\\b(org\\.apache\\.hc\\.[a-z0-9.]+\\.[A-Z]\\w*)");
    /** A name in the JDK's internal {@code sun.*} packages (not {@code com.sun.*}). */
    private static final Pattern SUN_CLASS = Pattern.compile("(?<![\\w.])sun\\.[a-z]\\w*(\\.\\w+)*");
    private static final Pattern IMPORTED = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+);", Pattern.MULTILINE);

    /**
     * The core jar carries no SQL: the database ledger lives in playtcha-jakarta-cluster, which the
     * core finds through {@code META-INF/services} ({@code ClusterModule.open}).
     */
    @Test
    void theCore_carriesNoSqlNorJdbc() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path file : sources(LIBRARY)) {
            Matcher imported = IMPORTED.matcher(Files.readString(file));
            while (imported.find()) {
                if (imported.group(1).startsWith("java.sql.") || imported.group(1).startsWith("javax.sql.")) {
                    broken.add(file + " imports " + imported.group(1));
                }
            }
        }
        try (Stream<Path> resources = Files.walk(Path.of("src/main/resources"))) {
            resources.filter(p -> p.toString().endsWith(".sql")).forEach(p -> broken.add(p + " is SQL"));
        }
        assertEquals(List.of(), broken, "the database ledger belongs in playtcha-jakarta-cluster");
    }

    @Test
    void eachPackage_namesOnlyWhatItsPackageInfoAllows() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path file : librarySources()) {
            String text = Files.readString(file);
            String pkg = packageOf(text);
            String where = pkg.substring(BASE.length()).replace('.', '/') + "/" + file.getFileName();
            List<String> forbidden = FORBIDDEN.entrySet().stream()
                    .filter(e -> pkg.equals(e.getKey()) || pkg.startsWith(e.getKey() + "."))
                    .max(java.util.Comparator.comparingInt(e -> e.getKey().length()))
                    .map(Map.Entry::getValue).orElse(List.of());
            Matcher named = NAMED.matcher(text.replaceAll("(?m)^package .*$", ""));
            while (named.find()) {
                String used = named.group(1).substring(BASE.length());
                boolean exempt = pkg.equals(BASE + used) || ALLOWED_IN.getOrDefault(where, List.of()).contains(used);
                for (String no : forbidden) {
                    if ((used.equals(no) || used.startsWith(no + ".")) && !exempt) {
                        broken.add(file + " names " + named.group(1));
                    }
                }
            }
            Matcher imports = IMPORTED.matcher(text);
            while (imports.find()) {
                String name = imports.group(1);
                OPTIONAL_APIS.forEach((api, only) -> {
                    if (name.startsWith(api) && (!only.contains(pkg) || OPTIONAL_API_FREE.contains(file.getFileName().toString()))) {
                        broken.add(file + " imports the optional API " + name);
                    }
                });
                boolean servletSide = name.startsWith("jakarta.servlet.") && SPI_SERVLET.contains(file.getFileName().toString());
                if ((pkg.equals(BASE + "core") || pkg.startsWith(BASE + "spi")) && !servletSide) {
                    CORE_FORBIDDEN_APIS.stream().filter(name::startsWith).forEach(api -> broken.add(file + " imports " + name));
                }
            }
        }
        assertEquals(List.of(), broken);
    }

    /**
     * The login policy decides and the web side renders: nothing of the SPI's login policy names the web
     * guard, its decision, a rejection or a servlet type, and {@code spi.door} (copied into the door jars)
     * names nothing but the JDK.
     */
    @Test
    void theLoginPolicy_namesNothingOfTheWebSide() throws IOException {
        List<String> broken = new ArrayList<>();
        for (String name : LOGIN_POLICY) {
            Path file = LIBRARY.resolve("com/playtcha/jakarta/spi").resolve(name);
            String text = Files.readString(file);
            String code = text.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\n]*", "");
            for (String web : WEB_SIDE) {
                if (Pattern.compile("\\b" + web + "\\b").matcher(code).find()) {
                    broken.add(file + " names " + web);
                }
            }
            Matcher imported = IMPORTED.matcher(text);
            while (imported.find()) {
                if (imported.group(1).startsWith("jakarta.") || name.startsWith("door/") && !imported.group(1).startsWith("java.")) {
                    broken.add(file + " imports " + imported.group(1));
                }
            }
        }
        assertEquals(List.of(), broken);
    }

    /**
     * Only what other packages of the core call is public in the engine: other jars come in through the SPI,
     * and every other {@code internal} type is package-private.
     */
    @Test
    void theEngine_hasFewPublicTypes() throws IOException {
        Pattern publicType = Pattern.compile("(?m)^public (final |abstract |sealed |non-sealed )*(class|interface|record|enum) ");
        List<String> publicTypes = new ArrayList<>();
        for (Path file : sources(LIBRARY.resolve("com/playtcha/jakarta/internal"))) {
            if (publicType.matcher(Files.readString(file)).find()) {
                publicTypes.add(LIBRARY.relativize(file).toString());
            }
        }
        assertTrue(publicTypes.size() <= MAX_PUBLIC_INTERNAL_TYPES, publicTypes.size() + " public types in internal: " + publicTypes);
    }

    /** Each public type of the SPI says in its Javadoc's first word that it is one (and then who implements or calls it). */
    @Test
    void eachSpiType_saysItIsAContract() throws IOException {
        Pattern said = Pattern.compile("(?s)/\\*\\*\\s*\\*?\\s*SPI:(?:(?!\\*/).)*\\*/\\s*public ");
        List<String> unsaid = new ArrayList<>();
        for (Path file : sources(LIBRARY.resolve("com/playtcha/jakarta/spi"))) {
            String text = Files.readString(file);
            if (Pattern.compile("(?m)^public ").matcher(text).find() && !said.matcher(text).find()) {
                unsaid.add(file.getFileName().toString());
            }
        }
        assertEquals(List.of(), unsaid, "public SPI types whose Javadoc does not begin with \"SPI:\"");
    }

    /**
     * Libraries through their public API: no main class names an HttpClient type that HttpClient marks
     * {@code @Internal}, or constructs one whose constructor it marks so; and none names a class of
     * the JDK's {@code sun.*} packages, not even as a string. Either may change or go in any release.
     */
    @Test
    void mainCode_usesNoInternalHttpClientType_andNoSunClass() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path file : sources(LIBRARY)) {
            String text = Files.readString(file);
            Matcher sun = SUN_CLASS.matcher(text);
            while (sun.find()) {
                broken.add(file + " names the JDK-internal " + sun.group());
            }
            Matcher named = HTTPCLIENT_TYPE.matcher(text);
            while (named.find()) {
                String type = named.group(1);
                String simple = type.substring(type.lastIndexOf('.') + 1);
                InternalApiScan.Marks marks = InternalApiScan.of(type);
                if (marks.internalType()) {
                    broken.add(file + " names " + type + ", which HttpClient marks @Internal");
                } else if (marks.internalConstructor() && text.contains("new " + simple + "(")) {
                    broken.add(file + " constructs " + type + ", whose constructor HttpClient marks @Internal");
                }
            }
        }
        assertEquals(List.of(), broken);
    }

    /** The scan itself: it sees what the old protocol step used, and passes what the transport uses. */
    @Test
    void theInternalApiScan_seesHttpClientsInternalMarks() {
        assertTrue(InternalApiScan.of("org.apache.hc.client5.http.impl.classic.ProtocolExec").internalType());
        assertTrue(InternalApiScan.of("org.apache.hc.client5.http.classic.ExecRuntime").internalType());
        InternalApiScan.Marks clients = InternalApiScan.of("org.apache.hc.client5.http.impl.classic.HttpClients");
        assertTrue(clients.found());
        assertFalse(clients.internalType() || clients.internalConstructor());
        assertTrue(SUN_CLASS.matcher("\"sun.net.spi.DefaultProxySelector\"").find());
        assertFalse(SUN_CLASS.matcher("import com.sun.source.tree.Tree;").find());
    }

    @Test
    void everyPackage_saysInItsPackageInfoWhatLivesThere() throws IOException {
        List<Path> packages = new ArrayList<>();
        for (Path module : List.of(LIBRARY, SECURITY, REST)) {
            if (Files.isDirectory(module)) {
                try (Stream<Path> dirs = Files.walk(module)) {
                    dirs.filter(Files::isDirectory).filter(ArchitectureTest::hasJava).forEach(packages::add);
                }
            }
        }
        assertFalse(packages.isEmpty());
        assertEquals(List.of(), packages.stream().filter(dir -> !Files.exists(dir.resolve("package-info.java"))).toList());
    }

    /**
     * A method does one thing, so it reads at once. Classes have no such limit: a class holds one
     * responsibility, as long as that takes, and is never split by its length.
     */
    @Test
    void noMethod_outgrowsOneReading() throws IOException {
        List<Path> files = new ArrayList<>(sources(LIBRARY));
        for (Path module : List.of(SECURITY, REST, SIMULATOR, BENCHMARKS)) {
            if (Files.isDirectory(module)) {
                files.addAll(sources(module));
            }
        }
        assertEquals(List.of(), longMethods(files), "methods over " + MAX_METHOD_LINES + " lines");
    }

    /** Methods and constructors over the limit, found by javac's own parser (no attribution, no class path needed). */
    private static List<String> longMethods(List<Path> files) throws IOException {
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
                        if (end - start + 1 > MAX_METHOD_LINES) {
                            tooLong.add(Path.of(unit.getSourceFile().toUri()).getFileName() + ":" + start + " "
                                    + method.getName() + "(): " + (end - start + 1) + " lines");
                        }
                        return super.visitMethod(method, unused);
                    }
                }.scan(unit, null);
            }
        }
        return tooLong;
    }

    /** The core's sources and the security and REST modules' (present in a checkout of the whole reactor). */
    private static List<Path> librarySources() throws IOException {
        List<Path> files = new ArrayList<>(sources(LIBRARY));
        for (Path module : List.of(SECURITY, REST)) {
            if (Files.isDirectory(module)) {
                files.addAll(sources(module));
            }
        }
        return files;
    }

    private static List<Path> sources(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".java") && !f.endsWith("package-info.java")).sorted().toList();
        }
    }

    private static boolean hasJava(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(f -> f.toString().endsWith(".java"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String packageOf(String text) {
        Matcher m = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE).matcher(text);
        return m.find() ? m.group(1) : "";
    }
}
