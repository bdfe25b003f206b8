package com.playtcha.jakarta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The house rules over the main code of every module shipped to users ({@link MainTrees#MODULES}): each
 * package has a {@code package-info.java} saying what it may import and imports only that, no method
 * outgrows what a reader takes in at once, no line is longer than the house style's. Then the core's
 * own rooms: no SQL, a login policy that names nothing of the web side, few public engine types, an SPI
 * that says it is one. Reads the sources, so a change that breaks a rule fails here with the file and
 * the line, not in a review.
 */
class ArchitectureTest {

    /** Lines a method or constructor may span, its Javadoc not included. */
    private static final int MAX_METHOD_LINES = 40;
    /** The house style's longest line, in characters. */
    private static final int MAX_LINE_LENGTH = 140;

    private static final String BASE = "com.playtcha.jakarta.";
    /**
     * The core's rooms: for each of its packages (the longest prefix that matches), the packages of ours
     * it must not name.
     */
    private static final Map<String, List<String>> FORBIDDEN = Map.ofEntries(
            Map.entry(BASE + "core", List.of("servlet", "cdi", "rest", "security", "telemetry", "health", "config", "spi", "internal")),
            // Reads settings for the integrations: the core only.
            Map.entry(BASE + "config", List.of("servlet", "cdi", "rest", "security", "telemetry", "health", "spi", "internal")),
            Map.entry(BASE + "servlet", List.of("cdi", "rest", "security", "health", "telemetry", "internal")),
            // The filter's multipart reader: a parser over the Servlet API and the JDK, naming nothing of ours.
            Map.entry(BASE + "servlet.multipart", List.of("core", "config", "spi", "servlet", "cdi", "rest", "security", "telemetry",
                    "health", "internal")),
            Map.entry(BASE + "cdi", List.of("servlet", "rest", "security", "health", "telemetry", "internal")),
            Map.entry(BASE + "telemetry", List.of("servlet", "cdi", "rest", "security", "health", "config", "spi", "internal")),
            Map.entry(BASE + "health", List.of("servlet", "cdi", "rest", "security", "telemetry", "spi", "internal")),
            // What other jars implement or call: the public core, and nothing of the engine nor config but in Holders.
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
     * The other modules: for each of their packages, the packages of ours it may name (each exactly: a
     * package may always name itself) and the APIs it may import beside the JDK's, as its package-info says.
     */
    private static final Map<String, MayName> MAY_NAME = Map.ofEntries(
            // The cluster: the public core and the stores' contracts, each package to its role.
            Map.entry("cluster", new MayName(List.of("core", "spi.store", "cluster.ledger", "cluster.jdbc", "cluster.counts",
                    "cluster.jcache"), List.of())),
            Map.entry("cluster.ledger", new MayName(List.of("core", "spi.store"), List.of())),
            Map.entry("cluster.jdbc", new MayName(List.of("core", "spi.store", "cluster.ledger", "cluster.counts"),
                    List.of("io.github.bucket4j.", "jakarta.enterprise."))),
            // The algorithm alone: each backend's primitive lives in the backend's package and names it, never the reverse.
            Map.entry("cluster.counts", new MayName(List.of("core", "spi.store"), List.of("io.github.bucket4j."))),
            Map.entry("cluster.jcache", new MayName(List.of("core", "spi.store", "cluster.counts"),
                    List.of("io.github.bucket4j.", "javax.cache."))),
            // Redis: the cluster module's algorithms over its own primitives; no web side, no servlet. Lettuce's Netty for
            // its thread-locals and TLS failures, its Reactor for its event bus.
            Map.entry("redis", new MayName(List.of("core", "spi.store", "cluster", "cluster.counts", "cluster.ledger"),
                    List.of("io.lettuce.", "io.github.bucket4j.", "io.netty.", "reactor.core."))),
            Map.entry("security", new MayName(List.of("core", "spi.store", "spi.web", "spi.door"),
                    List.of("jakarta.enterprise.", "jakarta.inject.", "jakarta.interceptor.", "jakarta.decorator.",
                            "jakarta.annotation.", "jakarta.servlet.", "jakarta.security.enterprise."))),
            // The CDI API and the Servlet API's request in nested classes, written out, once they are found present;
            // its settings and the optional APIs' presence through the SPI's Holders, never config (a core's own layer).
            Map.entry("rest", new MayName(List.of("core", "spi", "spi.web"),
                    List.of("jakarta.ws.rs.", "org.jboss.resteasy.reactive.", "io.smallrye.mutiny.", "jakarta.servlet."))),
            // The doors live on the server's class path: of ours only the login-post rule they relocate.
            Map.entry("tomcat", new MayName(List.of("spi.door"),
                    List.of("org.apache.catalina.", "org.apache.tomcat.", "jakarta.servlet."))),
            Map.entry("jetty", new MayName(List.of("spi.door"), List.of("org.eclipse.jetty.", "jakarta.servlet."))),
            Map.entry("payara", new MayName(List.of("spi.door"), List.of("org.apache.catalina.", "jakarta.servlet."))),
            Map.entry("undertow", new MayName(List.of("spi.door"), List.of("io.undertow.", "jakarta.servlet."))),
            // The starter: what a plain application may use, the holders, and the Redis module's name (a condition).
            Map.entry("spring", new MayName(List.of("core", "servlet", "spi", "spi.store", "redis"),
                    List.of("org.springframework.", "io.micrometer.", "jakarta.servlet."))),
            Map.entry("spring.security", new MayName(List.of("core", "spi.store", "spi.web", "spring"),
                    List.of("org.springframework.", "org.aopalliance.", "jakarta.servlet."))),
            // The simulator: a server of its own, nothing of the library.
            Map.entry("testing", new MayName(List.of(), List.of("org.eclipse.jetty.", "jakarta.json.", "org.junit."))));

    /** What a package of a module other than the core may name of ours, and which APIs beside the JDK's it may import. */
    record MayName(List<String> ours, List<String> apis) {
    }

    /** The packages of the JDK (its modules' on this run's boot layer): what every package may import. */
    private static final Set<String> JDK = ModuleLayer.boot().modules().stream()
            .flatMap(m -> m.getPackages().stream()).collect(Collectors.toUnmodifiableSet());

    /**
     * What a class of the core may name despite its package's rule above: the SPI's {@code Holders} the verifier's
     * factory, the metrics' attachment and the settings' loader, the public core's {@code PlaytchaVerifier.create}
     * the factory, the metrics' attachment the optional-API check of {@code config}. A package may always name
     * itself.
     */
    private static final Map<String, List<String>> ALLOWED_IN = Map.of(
            "spi/Holders.java", List.of("internal.verifier", "internal.telemetry", "config"),
            "core/PlaytchaVerifier.java", List.of("internal.verifier"),
            "internal/telemetry/OptionalMetrics.java", List.of("config"),
            // the annotation's name as text, to find a WAR whose resources carry it while its jar is missing
            "servlet/RestJarCheck.java", List.of("rest"));
    /** Classes of the SPI that read or write a servlet request: the only ones that may import the Servlet API. */
    private static final List<String> SPI_SERVLET = List.of("ServletRequestView.java", "ServletRejection.java", "LoginAnswer.java");
    /** The login policy of the SPI: what decides, and names nothing of the web side that renders it. */
    private static final List<String> LOGIN_POLICY = List.of("web/LoginPolicy.java", "web/LoginAttempt.java",
            "web/LoginOutcome.java", "web/LoginMemo.java", "store/AccountKey.java", "door/LoginPost.java",
            "door/LoginProtocol.java");
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
    private static final Pattern IMPORTED = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)(?:\\.\\*)?;", Pattern.MULTILINE);
    /** What a package-info says of a package's imports: "May import: ..." or "Imports ... only". */
    private static final Pattern SAYS_IMPORTS = Pattern.compile("\\b(May import|Imports)\\b");

    /**
     * The rules reach every module with main code: a new module is listed in {@link MainTrees#MODULES}
     * (or, not shipped, in {@link MainTrees#LEFT_OUT}) before its code escapes them. The examples are
     * applications of the users' kind, not the library's code.
     */
    @Test
    void everyModuleWithMainCode_isUnderTheRules() throws IOException {
        List<Path> listed = Stream.concat(MainTrees.MODULES.stream(), MainTrees.LEFT_OUT.stream())
                .map(p -> p.toAbsolutePath().normalize()).toList();
        List<String> unlisted = new ArrayList<>();
        try (Stream<Path> modules = Files.list(Path.of("..").toAbsolutePath().normalize())) {
            modules.map(m -> m.resolve("src/main/java")).filter(Files::isDirectory)
                    .filter(main -> !listed.contains(main)).forEach(main -> unlisted.add(MainTrees.shown(main)));
        }
        listed.stream().filter(main -> !Files.isDirectory(main)).forEach(main -> unlisted.add(main + " (listed, not there)"));
        assertEquals(List.of(), unlisted);
    }

    /** Each package says in its package-info what lives there and what it may import, which the rules above hold it to. */
    @Test
    void everyPackage_saysInItsPackageInfoWhatItMayImport() throws IOException {
        List<String> unsaid = new ArrayList<>();
        for (Path dir : MainTrees.allPackages()) {
            Path info = dir.resolve("package-info.java");
            if (!Files.exists(info)) {
                unsaid.add(MainTrees.shown(dir) + " has no package-info.java");
            } else if (!SAYS_IMPORTS.matcher(Files.readString(info)).find()) {
                unsaid.add(MainTrees.shown(info) + " does not say what the package may import (\"May import: ...\")");
            }
        }
        assertEquals(List.of(), unsaid);
    }

    /**
     * Each package names of ours and imports only what its package-info allows: in the core, nothing its
     * room's rule forbids; elsewhere, only what its module's rule lists. An optional API only where the
     * class checks for it first.
     */
    @Test
    void eachPackage_namesOnlyWhatItsPackageInfoAllows() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path root : MainTrees.MODULES) {
            for (Path file : MainTrees.sources(root)) {
                String text = Files.readString(file);
                String pkg = packageOf(text).substring(BASE.length());
                if (root.equals(MainTrees.CORE)) {
                    broken.addAll(coreRoomBreaks(file, pkg, text));
                } else {
                    broken.addAll(moduleBreaks(file, pkg, text));
                }
                broken.addAll(optionalApiBreaks(file, pkg, text));
            }
        }
        assertEquals(List.of(), broken);
    }

    /** What a class of the core names against its room's rule ({@link #FORBIDDEN}, {@link #CORE_FORBIDDEN_APIS}). */
    private static List<String> coreRoomBreaks(Path file, String pkg, String text) {
        Optional<List<String>> rule = FORBIDDEN.entrySet().stream()
                .filter(e -> (BASE + pkg).equals(e.getKey()) || (BASE + pkg).startsWith(e.getKey() + "."))
                .max(Comparator.comparingInt(e -> e.getKey().length())).map(Map.Entry::getValue);
        if (rule.isEmpty()) {
            return List.of(MainTrees.shown(file) + ": the package " + pkg + " has no rule in FORBIDDEN");
        }
        List<String> broken = new ArrayList<>();
        String where = pkg.replace('.', '/') + "/" + file.getFileName();
        for (Named used : named(text)) {
            boolean exempt = pkg.equals(used.name()) || ALLOWED_IN.getOrDefault(where, List.of()).contains(used.name());
            if (!exempt && rule.get().stream().anyMatch(no -> used.name().equals(no) || used.name().startsWith(no + "."))) {
                broken.add(MainTrees.shown(file) + ":" + used.line() + " names " + BASE + used.name());
            }
        }
        boolean servletSide = SPI_SERVLET.contains(file.getFileName().toString());
        for (Named imported : imports(text)) {
            if ((pkg.equals("core") || pkg.startsWith("spi")) && !(servletSide && imported.name().startsWith("jakarta.servlet."))) {
                CORE_FORBIDDEN_APIS.stream().filter(imported.name()::startsWith)
                        .forEach(api -> broken.add(MainTrees.shown(file) + ":" + imported.line() + " imports " + imported.name()));
            }
        }
        return broken;
    }

    /** What a class of another module names or imports beyond its package's {@link #MAY_NAME}. */
    private static List<String> moduleBreaks(Path file, String pkg, String text) {
        MayName rule = MAY_NAME.get(pkg);
        if (rule == null) {
            return List.of(MainTrees.shown(file) + ": the package " + pkg + " has no rule in MAY_NAME");
        }
        List<String> broken = new ArrayList<>();
        for (Named used : named(text)) {
            if (!used.name().equals(pkg) && !rule.ours().contains(used.name())) {
                broken.add(MainTrees.shown(file) + ":" + used.line() + " names " + BASE + used.name());
            }
        }
        for (Named imported : imports(text)) {
            String name = imported.name();
            boolean ours = name.startsWith(BASE);
            if (!ours && !JDK.contains(packageOfImport(name)) && rule.apis().stream().noneMatch(name::startsWith)) {
                broken.add(MainTrees.shown(file) + ":" + imported.line() + " imports " + name);
            }
        }
        return broken;
    }

    /** Imports of an optional API ({@link #OPTIONAL_APIS}) outside the packages that may, or in a class that checks for it. */
    private static List<String> optionalApiBreaks(Path file, String pkg, String text) {
        List<String> broken = new ArrayList<>();
        for (Named imported : imports(text)) {
            OPTIONAL_APIS.forEach((api, only) -> {
                if (imported.name().startsWith(api)
                        && (!only.contains(BASE + pkg) || OPTIONAL_API_FREE.contains(file.getFileName().toString()))) {
                    broken.add(MainTrees.shown(file) + ":" + imported.line() + " imports the optional API " + imported.name());
                }
            });
        }
        return broken;
    }

    /** A name found in a source and the line it is on. */
    private record Named(String name, int line) {
    }

    /** The packages of ours a source names (its own package line aside), without {@link #BASE}. */
    private static List<Named> named(String text) {
        String body = text.replaceAll("(?m)^package .*$", "");
        List<Named> found = new ArrayList<>();
        Matcher named = NAMED.matcher(body);
        while (named.find()) {
            found.add(new Named(named.group(1).substring(BASE.length()), lineOf(body, named.start())));
        }
        return found;
    }

    /** What a source imports, static imports and whole packages included. */
    private static List<Named> imports(String text) {
        List<Named> found = new ArrayList<>();
        Matcher imported = IMPORTED.matcher(text);
        while (imported.find()) {
            found.add(new Named(imported.group(1), lineOf(text, imported.start())));
        }
        return found;
    }

    /** The package of an imported name: its parts before the first that starts with a capital. */
    private static String packageOfImport(String name) {
        String[] parts = name.split("\\.");
        int i = 0;
        while (i < parts.length - 1 && !Character.isUpperCase(parts[i].charAt(0))) {
            i++;
        }
        return String.join(".", List.of(parts).subList(0, i));
    }

    private static int lineOf(String text, int index) {
        return (int) text.substring(0, index).chars().filter(c -> c == '\n').count() + 1;
    }

    /** The rule itself: it sees a door naming the engine or Spring, and passes the JDK and what the door may import. */
    @Test
    void theModuleRule_seesWhatAPackageMustNotNameOrImport() {
        Path door = Path.of("Door.java");
        String source = """
                package com.playtcha.jakarta.tomcat;

                import com.playtcha.jakarta.spi.door.LoginPost;
                import java.util.List;
                import javax.naming.InitialContext;
                import org.apache.catalina.Valve;
                import org.springframework.context.ApplicationContext;
                /** Calls {@link com.playtcha.jakarta.internal.verifier.Composed}. */
                """;
        assertEquals(List.of("Door.java:8 names com.playtcha.jakarta.internal.verifier",
                "Door.java:7 imports org.springframework.context.ApplicationContext"),
                moduleBreaks(door, "tomcat", source).stream().map(b -> b.substring(b.indexOf("Door.java"))).toList());
        assertEquals(1, moduleBreaks(door, "nowhere", source).size());
    }

    /**
     * A method does one thing, so it reads at once. Classes have no such limit: a class holds one
     * responsibility, as long as that takes, and is never split by its length.
     */
    @Test
    void noMethod_outgrowsOneReading() throws IOException {
        List<Path> files = new ArrayList<>(MainTrees.allSources());
        files.addAll(MainTrees.sources(MainTrees.BENCHMARKS));
        assertEquals(List.of(), MainTrees.methodsLongerThan(MAX_METHOD_LINES, files), "methods over " + MAX_METHOD_LINES + " lines");
    }

    /** A line a reader sees whole, in a review's side-by-side view too. */
    @Test
    void noLine_isLongerThanTheHouseStylesLimit() throws IOException {
        List<String> tooLong = new ArrayList<>();
        for (Path root : MainTrees.MODULES) {
            for (Path file : MainTrees.javaFiles(root)) {
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    if (lines.get(i).length() > MAX_LINE_LENGTH) {
                        tooLong.add(MainTrees.shown(file) + ":" + (i + 1) + " (" + lines.get(i).length() + ")");
                    }
                }
            }
        }
        assertEquals(List.of(), tooLong, "lines over " + MAX_LINE_LENGTH + " characters");
    }

    /**
     * Libraries through their public API: no main class of any module names an HttpClient type that HttpClient marks
     * {@code @Internal}, or constructs one whose constructor it marks so; and none names a class of
     * the JDK's {@code sun.*} packages, not even as a string. Either may change or go in any release.
     */
    @Test
    void mainCode_usesNoInternalHttpClientType_andNoSunClass() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path file : MainTrees.allSources()) {
            String text = Files.readString(file);
            Matcher sun = SUN_CLASS.matcher(text);
            while (sun.find()) {
                broken.add(MainTrees.shown(file) + ":" + lineOf(text, sun.start()) + " names the JDK-internal " + sun.group());
            }
            Matcher named = HTTPCLIENT_TYPE.matcher(text);
            while (named.find()) {
                String type = named.group(1);
                String simple = type.substring(type.lastIndexOf('.') + 1);
                InternalApiScan.Marks marks = InternalApiScan.of(type);
                String at = MainTrees.shown(file) + ":" + lineOf(text, named.start());
                if (marks.internalType()) {
                    broken.add(at + " names " + type + ", which HttpClient marks @Internal");
                } else if (marks.internalConstructor() && text.contains("new " + simple + "(")) {
                    broken.add(at + " constructs " + type + ", whose constructor HttpClient marks @Internal");
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

    // The core's own rooms.

    /**
     * The core jar carries no SQL: the database ledger lives in playtcha-jakarta-cluster, which the
     * core finds through {@code META-INF/services} ({@code ClusterModule.open}).
     */
    @Test
    void theCore_carriesNoSqlNorJdbc() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path file : MainTrees.sources(MainTrees.CORE)) {
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

    /**
     * The login policy decides and the web side renders: nothing of the SPI's login policy names the web
     * guard, its decision, a rejection or a servlet type, and {@code spi.door} (copied into the door jars)
     * names nothing but the JDK.
     */
    @Test
    void theLoginPolicy_namesNothingOfTheWebSide() throws IOException {
        List<String> broken = new ArrayList<>();
        for (String name : LOGIN_POLICY) {
            Path file = MainTrees.CORE.resolve("com/playtcha/jakarta/spi").resolve(name);
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
        for (Path file : MainTrees.sources(MainTrees.CORE.resolve("com/playtcha/jakarta/internal"))) {
            if (publicType.matcher(Files.readString(file)).find()) {
                publicTypes.add(MainTrees.CORE.relativize(file).toString());
            }
        }
        assertTrue(publicTypes.size() <= MAX_PUBLIC_INTERNAL_TYPES, publicTypes.size() + " public types in internal: " + publicTypes);
    }

    /** Each public type of the SPI says in its Javadoc's first word that it is one (and then who implements or calls it). */
    @Test
    void eachSpiType_saysItIsAContract() throws IOException {
        Pattern said = Pattern.compile("(?s)/\\*\\*\\s*\\*?\\s*SPI:(?:(?!\\*/).)*\\*/\\s*public ");
        List<String> unsaid = new ArrayList<>();
        for (Path file : MainTrees.sources(MainTrees.CORE.resolve("com/playtcha/jakarta/spi"))) {
            String text = Files.readString(file);
            if (Pattern.compile("(?m)^public ").matcher(text).find() && !said.matcher(text).find()) {
                unsaid.add(file.getFileName().toString());
            }
        }
        assertEquals(List.of(), unsaid, "public SPI types whose Javadoc does not begin with \"SPI:\"");
    }

    private static String packageOf(String text) {
        Matcher m = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE).matcher(text);
        return m.find() ? m.group(1) : "";
    }
}
