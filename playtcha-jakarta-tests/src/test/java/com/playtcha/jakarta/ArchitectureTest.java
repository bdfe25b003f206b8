package com.playtcha.jakarta;

import com.playtcha.jakarta.spi.VerifierFactory;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreeScanner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The house rules over the main code of every module shipped to users ({@link MainTrees#MODULES}): each package
 * has a {@code package-info.java} whose {@code May import:} sentence is the rule it is held to
 * ({@link PackageRule}: read there, nowhere else), no method outgrows what a reader takes in at once, no line is longer
 * than the house style's, no type is named {@code *Impl}, {@code *Utils}, {@code *Helper} or {@code *Manager}, no
 * door that writes a login's answer past the one renderer. Then the core's own rooms: no SQL, a login policy that
 * names nothing of the web side, few public engine types, an SPI that says it is one. Reads the sources, so a
 * change that breaks a rule fails here with the file and the line, not in a review; and each rule has a test of
 * its own that shows it can fail.
 */
class ArchitectureTest {

    /** Lines a method or constructor may span, its Javadoc not included. */
    private static final int MAX_METHOD_LINES = 40;
    /** The house style's longest line, in characters. */
    private static final int MAX_LINE_LENGTH = 140;
    /** Endings of a type's name that say nothing of what it is (STYLE.md). */
    private static final List<String> NAMELESS = List.of("Impl", "Utils", "Helper", "Manager");

    private static final String BASE = "com.playtcha.jakarta.";
    /** The packages of the JDK (its modules' on this run's boot layer): what every package may import. */
    private static final Set<String> JDK = ModuleLayer.boot().modules().stream()
            .flatMap(m -> m.getPackages().stream()).collect(Collectors.toUnmodifiableSet());
    /** The most public top-level types the engine ({@code internal}) may have: what other packages of the core call. */
    static final int MAX_PUBLIC_INTERNAL_TYPES = 15;
    /**
     * The APIs the library's jars declare provided and optional: a class that loads without them must not
     * name them. Where each may be imported is its package's rule; which classes check first is below.
     */
    private static final List<String> OPTIONAL_APIS = List.of("io.opentelemetry.", "org.eclipse.microprofile.health.",
            "jakarta.ws.rs.", "org.jboss.resteasy.reactive.", "io.smallrye.mutiny.", "org.glassfish.jersey.",
            "jakarta.security.enterprise.", "org.eclipse.microprofile.config.");
    /** The classes that check whether an optional API is there: they name none, or loading them would fail without it. */
    private static final List<String> OPTIONAL_API_FREE = List.of("OptionalMetrics.java", "PlaytchaSecurityExtension.java",
            "PlaytchaLogin.java", "PlaytchaHealthExtension.java", "PlaytchaHealthBuildExtension.java");
    private static final Pattern NAMED = Pattern.compile("\\b(com\\.playtcha\\.jakarta\\.[a-z.]+)\\.[A-Z]");
    /** A class of HttpClient's, imported or written out, up to its top-level type. */
    private static final Pattern HTTPCLIENT_TYPE = Pattern.compile("\\b(org\\.apache\\.hc\\.[a-z0-9.]+\\.[A-Z]\\w*)");
    /** A name in the JDK's internal {@code sun.*} packages (not {@code com.sun.*}). */
    private static final Pattern SUN_CLASS = Pattern.compile("(?<![\\w.])sun\\.[a-z]\\w*(\\.\\w+)*");
    private static final Pattern PUBLIC_TYPE = Pattern.compile("(?m)^public (final |abstract |sealed |non-sealed )*(class|interface|record|enum) ");
    private static final Pattern CONTRACT = Pattern.compile("(?s)/\\*\\*\\s*\\*?\\s*SPI:(?:(?!\\*/).)*\\*/\\s*public ");
    /** What a login's answer says on the wire: the header constants, and the headers' and the page attribute's text. */
    private static final Pattern LOGIN_WIRE = Pattern.compile("\\b(TOKEN_SPENT_HEADER|NEEDS_TOKEN_HEADER)\\b"
            + "|\"(Playtcha-Token-Spent|Playtcha-Login-Needs-Token|com\\.playtcha\\.login-needs-token)\"");
    /** A public constant that names one of them again, which writes nothing. */
    private static final Pattern NAMED_AGAIN = Pattern.compile("static final String \\w+ = \\w+\\.\\w+;");
    /** Where they are declared and where they are written: the only sources that may name them. */
    private static final Set<String> LOGIN_RENDERERS = Set.of("LoginProtocol.java", "LoginRenderer.java");
    private static final Pattern IMPORTED = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)(?:\\.\\*)?;", Pattern.MULTILINE);

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

    // The package rules: each package-info says what its package may import, and the package imports only that.

    /** Each package says in its package-info what lives there and, in one sentence, what it may import. */
    @Test
    void everyPackage_saysInItsPackageInfoWhatItMayImport() throws IOException {
        assertEquals(List.of(), unsaid(MainTrees.allPackages()));
    }

    /** The packages of {@code dirs} without a package-info, or whose package-info has no rule that names only what is there. */
    static List<String> unsaid(List<Path> dirs) throws IOException {
        Set<String> ours = ourPackages();
        List<String> unsaid = new ArrayList<>();
        for (Path dir : dirs) {
            Path info = dir.resolve("package-info.java");
            if (!Files.exists(info)) {
                unsaid.add(MainTrees.shown(dir) + " has no package-info.java");
                continue;
            }
            try {
                List<String> unknown = rule(info).unknown(ours, classesIn(dir));
                if (!unknown.isEmpty()) {
                    unsaid.add(MainTrees.shown(info) + " names what is not there: " + unknown);
                }
            } catch (IllegalArgumentException none) {
                unsaid.add(MainTrees.shown(info) + " does not say what the package may import (\"May import: ...\")");
            }
        }
        return unsaid;
    }

    /**
     * Each package names of ours and imports only what its package-info's rule allows: in the core as in
     * every other module, one rule read from one place.
     */
    @Test
    void eachPackage_namesAndImportsOnlyWhatItsPackageInfoAllows() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path root : MainTrees.MODULES) {
            for (Path file : MainTrees.sources(root)) {
                String text = Files.readString(file);
                PackageRule rule = rule(file.resolveSibling("package-info.java"));
                broken.addAll(breaks(file, packageOf(text).substring(BASE.length()), text, rule));
            }
        }
        assertEquals(List.of(), broken);
    }

    /** What {@code file} of package {@code pkg} (after {@link #BASE}) names or imports against {@code rule}. */
    static List<String> breaks(Path file, String pkg, String text, PackageRule rule) {
        String className = file.getFileName().toString().replace(".java", "");
        List<String> broken = new ArrayList<>();
        for (Named used : named(text)) {
            if (!used.name().equals(pkg) && !rule.mayName(className, used.name())) {
                broken.add(MainTrees.shown(file) + ":" + used.line() + " names " + BASE + used.name());
            }
        }
        for (Named imported : imports(text)) {
            String name = imported.name();
            if (!name.startsWith(BASE) && !JDK.contains(packageOfImport(name)) && !rule.mayImport(className, name)) {
                broken.add(MainTrees.shown(file) + ":" + imported.line() + " imports " + name);
            }
        }
        return broken;
    }

    /** A class that checks whether an optional API is there names none of the optional APIs. */
    @Test
    void theClassesThatCheckForAnOptionalApi_nameNone() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path file : MainTrees.allSources()) {
            broken.addAll(optionalApiBreaks(file, Files.readString(file)));
        }
        assertEquals(List.of(), broken);
    }

    private static List<String> optionalApiBreaks(Path file, String text) {
        List<String> broken = new ArrayList<>();
        if (OPTIONAL_API_FREE.contains(file.getFileName().toString())) {
            for (Named imported : imports(text)) {
                OPTIONAL_APIS.stream().filter(imported.name()::startsWith).forEach(api -> broken.add(MainTrees.shown(file) + ":"
                        + imported.line() + " imports the optional API " + imported.name() + ", which it checks for"));
            }
        }
        return broken;
    }

    /** The rule of the package-info {@code info}. */
    private static PackageRule rule(Path info) throws IOException {
        return PackageRule.read(Files.readString(info), ourRoots());
    }

    /** Every package of ours under the rules, after {@link #BASE}: {@code spi.store}. */
    private static Set<String> ourPackages() {
        return MainTrees.allPackages().stream().map(dir -> {
            Path root = MainTrees.MODULES.stream().filter(r -> dir.startsWith(r)).findFirst().orElseThrow();
            return root.relativize(dir).toString().replace('/', '.').substring(BASE.length());
        }).collect(Collectors.toSet());
    }

    /** The first words of our packages: {@code core}, {@code spi}, {@code cluster}, ... */
    private static Set<String> ourRoots() {
        return ourPackages().stream().map(p -> p.split("\\.")[0]).collect(Collectors.toSet());
    }

    private static Set<String> classesIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".java") && !f.equals("package-info.java"))
                    .map(f -> f.replace(".java", "")).collect(Collectors.toSet());
        }
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

    /**
     * The package rule can fail: read from a package-info as the real ones are written, it sees a door
     * naming the engine or importing Spring, and a class importing what another class alone may; it
     * passes the JDK and what the door may import, and takes nothing after the sentence for allowed.
     */
    @Test
    void thePackageRule_seesWhatAPackageMustNotNameOrImport() {
        PackageRule rule = PackageRule.read("""
                /**
                 * A door.
                 *
                 * <p>May import: Tomcat's API ({@code org.apache.catalina}); {@code spi.door} (whose {@code LoginDoor}
                 * hands posts over); the Servlet API ({@code jakarta.servlet}) in {@code Valve} and
                 * {@code Announcer}, which {@code Door} calls. Never {@code internal.verifier}.
                 */
                package com.playtcha.jakarta.tomcat;
                """, Set.of("spi", "internal", "tomcat"));
        String source = """
                package com.playtcha.jakarta.tomcat;

                import com.playtcha.jakarta.spi.door.LoginPost;
                import java.util.List;
                import javax.naming.InitialContext;
                import org.apache.catalina.Valve;
                import org.springframework.context.ApplicationContext;
                import jakarta.servlet.http.HttpServletRequest;
                /** Calls {@link com.playtcha.jakarta.internal.verifier.Composed}. */
                """;
        assertEquals(List.of("Door.java:9 names com.playtcha.jakarta.internal.verifier",
                "Door.java:7 imports org.springframework.context.ApplicationContext",
                "Door.java:8 imports jakarta.servlet.http.HttpServletRequest"),
                breaks(Path.of("Door.java"), "tomcat", source, rule).stream().map(b -> b.substring(b.indexOf("Door.java"))).toList());
        assertEquals(List.of(), breaks(Path.of("Valve.java"), "tomcat", source.replace("import org.spring", "// ")
                .replace("{@link com.playtcha.jakarta.internal.verifier.Composed}", "it"), rule));
        assertEquals(List.of("package internal.nowhere", "class Announcer"), PackageRule.read(
                "/** May import: {@code internal.nowhere}; {@code jakarta.json} in {@code Announcer}. */", Set.of("internal"))
                .unknown(Set.of("internal.http"), Set.of("Valve")));
    }

    /** The package-info rule can fail: a package without one, and one whose package-info says no rule, are named. */
    @Test
    void thePackageInfoRule_namesAPackageWithoutItsRule() throws IOException {
        Path dir = Files.createTempDirectory("packages");
        try {
            Path none = Files.createDirectories(dir.resolve("none"));
            Files.writeString(none.resolve("A.java"), "package x;\nclass A {\n}\n");
            Path silent = Files.createDirectories(dir.resolve("silent"));
            Files.writeString(silent.resolve("package-info.java"), "/** What lives here. Imports anything. */\npackage y;\n");
            Path said = Files.createDirectories(dir.resolve("said"));
            Files.writeString(said.resolve("package-info.java"), "/** May import: {@code jakarta.json}. */\npackage z;\n");

            List<String> unsaid = unsaid(List.of(none, silent, said));

            assertEquals(2, unsaid.size(), unsaid::toString);
            assertTrue(unsaid.get(0).endsWith("none has no package-info.java"), unsaid::toString);
            assertTrue(unsaid.get(1).contains("silent/package-info.java does not say"), unsaid::toString);
        } finally {
            delete(dir);
        }
    }

    /** The optional-API rule can fail: the class that checks for Jakarta Security imports it. */
    @Test
    void theOptionalApiRule_seesACheckingClassNamingTheApi() {
        String source = "package com.playtcha.jakarta.security;\n\nimport jakarta.security.enterprise.SecurityContext;\n";
        assertEquals(1, optionalApiBreaks(Path.of("PlaytchaSecurityExtension.java"), source).size());
        assertEquals(List.of(), optionalApiBreaks(Path.of("StoreGuard.java"), source));
    }

    // The size and name rules.

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

    /** The method rule can fail: a method of 41 lines is named, one of 40 is not. */
    @Test
    void theMethodRule_namesAMethodOfFortyOneLines() throws IOException {
        Path dir = Files.createTempDirectory("methods");
        try {
            Path file = Files.writeString(dir.resolve("Long.java"), "class Long {\n    void fits() {\n"
                    + "        int a;\n".repeat(MAX_METHOD_LINES - 2) + "    }\n\n    void over() {\n"
                    + "        int a;\n".repeat(MAX_METHOD_LINES - 1) + "    }\n}\n");

            List<String> tooLong = MainTrees.methodsLongerThan(MAX_METHOD_LINES, List.of(file));

            assertEquals(1, tooLong.size(), tooLong::toString);
            assertTrue(tooLong.get(0).endsWith("over(): 41 lines"), tooLong::toString);
        } finally {
            delete(dir);
        }
    }

    /** A line a reader sees whole, in a review's side-by-side view too. */
    @Test
    void noLine_isLongerThanTheHouseStylesLimit() throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path root : MainTrees.MODULES) {
            files.addAll(MainTrees.javaFiles(root));
        }
        assertEquals(List.of(), linesLongerThan(MAX_LINE_LENGTH, files), "lines over " + MAX_LINE_LENGTH + " characters");
    }

    /** Lines of {@code files} longer than {@code max} characters, each as {@code file:line (length)}. */
    static List<String> linesLongerThan(int max, List<Path> files) throws IOException {
        List<String> tooLong = new ArrayList<>();
        for (Path file : files) {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).length() > max) {
                    tooLong.add(MainTrees.shown(file) + ":" + (i + 1) + " (" + lines.get(i).length() + ")");
                }
            }
        }
        return tooLong;
    }

    /** The line rule can fail: a line of 141 characters is named, one of 140 is not. */
    @Test
    void theLineRule_namesALineOfOneHundredFortyOneCharacters() throws IOException {
        Path dir = Files.createTempDirectory("lines");
        try {
            Path file = Files.writeString(dir.resolve("Wide.java"), "x".repeat(MAX_LINE_LENGTH) + "\n"
                    + "y".repeat(MAX_LINE_LENGTH + 1) + "\n");

            List<String> tooLong = linesLongerThan(MAX_LINE_LENGTH, List.of(file));

            assertEquals(1, tooLong.size(), tooLong::toString);
            assertTrue(tooLong.get(0).endsWith("Wide.java:2 (141)"), tooLong::toString);
        } finally {
            delete(dir);
        }
    }

    /**
     * Types are named for what they are (STYLE.md): none ends in {@code Impl}, {@code Utils}, {@code Helper} or
     * {@code Manager}, unless it takes the name of the type it implements (a Spring {@code AuthenticationManager}).
     */
    @Test
    void noType_isNamedForNothing() throws IOException {
        assertEquals(List.of(), namelessTypes(MainTrees.allSources()));
    }

    /** Types of {@code files}, nested ones too, whose names end in one of {@link #NAMELESS} but not in a supertype's. */
    static List<String> namelessTypes(List<Path> files) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> found = new ArrayList<>();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(null, null, null)) {
            JavacTask task = (JavacTask) javac.getTask(null, fm, diagnostic -> { }, List.of("-proc:none"), null,
                    fm.getJavaFileObjectsFromPaths(files));
            for (CompilationUnitTree unit : task.parse()) {
                new TreeScanner<Void, Void>() {
                    @Override
                    public Void visitClass(ClassTree type, Void unused) {
                        String name = type.getSimpleName().toString();
                        List<Tree> supertypes = new ArrayList<>(type.getImplementsClause());
                        if (type.getExtendsClause() != null) {
                            supertypes.add(type.getExtendsClause());
                        }
                        boolean taken = supertypes.stream().map(s -> s.toString().replaceAll("<.*", ""))
                                .map(s -> s.substring(s.lastIndexOf('.') + 1)).anyMatch(name::endsWith);
                        if (!taken && NAMELESS.stream().anyMatch(name::endsWith)) {
                            found.add(MainTrees.shown(Path.of(unit.getSourceFile().toUri())) + ": " + name);
                        }
                        return super.visitClass(type, unused);
                    }
                }.scan(unit, null);
            }
        }
        return found;
    }

    /** The name rule can fail: an {@code *Impl} and a nested {@code *Helper} are named, a Spring-named manager is not. */
    @Test
    void theNameRule_namesAnImplAndAHelper_butNotAManagerNamedForItsInterface() throws IOException {
        Path dir = Files.createTempDirectory("names");
        try {
            Path file = Files.writeString(dir.resolve("VerifierImpl.java"), """
                    class VerifierImpl {
                        static final class TokenHelper {
                        }
                        static final class GuardedAuthenticationManager implements org.springframework.AuthenticationManager {
                        }
                    }
                    """);

            List<String> found = namelessTypes(List.of(file));

            assertEquals(2, found.size(), found::toString);
            assertTrue(found.get(0).endsWith(": VerifierImpl") && found.get(1).endsWith(": TokenHelper"), found::toString);
        } finally {
            delete(dir);
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path path : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
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
            sqlImports(Files.readString(file)).forEach(imported -> broken.add(file + " imports " + imported));
        }
        try (Stream<Path> resources = Files.walk(Path.of("../playtcha-jakarta/src/main/resources"))) {
            resources.filter(p -> p.toString().endsWith(".sql")).forEach(p -> broken.add(p + " is SQL"));
        }
        assertEquals(List.of(), broken, "the database ledger belongs in playtcha-jakarta-cluster");
    }

    private static List<String> sqlImports(String text) {
        return imports(text).stream().map(Named::name).filter(name -> name.startsWith("java.sql.") || name.startsWith("javax.sql."))
                .toList();
    }

    /**
     * The login policy decides and the web side answers: the rules their package-infos state keep {@code spi.login}
     * from naming the web side, the servlet side or the doors' protocol, or importing the Servlet API, and
     * {@code spi.web} from naming the servlet side or importing the Servlet API (the Jakarta REST filter shares it). A
     * package-info loosened past that fails here, not only the code that then names more.
     */
    @Test
    void theLoginPolicyAndTheWebSide_mayNameNothingOfWhatAnswersThem() throws IOException {
        assertEquals(List.of(), allowed("spi.login", List.of("spi.web", "spi.servlet", "spi.door")));
        assertEquals(List.of(), allowed("spi.web", List.of("spi.servlet")));
    }

    /** What the rule of the core's package {@code pkg} lets a class of it name of {@code packages}, or import of the Servlet API. */
    private static List<String> allowed(String pkg, List<String> packages) throws IOException {
        Path dir = MainTrees.CORE.resolve((BASE + pkg).replace('.', '/'));
        return allowed(rule(dir.resolve("package-info.java")), classesIn(dir), packages);
    }

    private static List<String> allowed(PackageRule rule, Set<String> classes, List<String> packages) {
        List<String> allowed = new ArrayList<>();
        for (String type : classes) {
            packages.stream().filter(p -> rule.mayName(type, p)).forEach(p -> allowed.add(type + " may name " + p));
            if (rule.mayImport(type, "jakarta.servlet.http.HttpServletRequest")) {
                allowed.add(type + " may import the Servlet API");
            }
        }
        return allowed.stream().sorted().toList();
    }

    /** The policy rule can fail: a rule that lets a class name the web side or import the Servlet API is seen; SQL too. */
    @Test
    void theLoginPolicyRule_seesARuleThatLetsThePolicyNameTheWebSide() {
        PackageRule loose = PackageRule.read("/** May import: {@code core}; {@code spi.web}; {@code jakarta.servlet} in {@code View}. */",
                Set.of("core", "spi"));
        assertEquals(List.of("LoginPolicy may name spi.web", "View may import the Servlet API", "View may name spi.web"),
                allowed(loose, Set.of("LoginPolicy", "View"), List.of("spi.web", "spi.servlet")));
        assertEquals(List.of("javax.sql.DataSource"), sqlImports("import javax.sql.DataSource;\nimport java.util.List;\n"));
    }

    /**
     * One protocol, one renderer (STYLE.md): what a login's answer says on the wire, its headers and the name of the
     * attribute a login page reads, is named in main code only where it is declared ({@code LoginProtocol}, or a
     * public constant that names it again) and in {@code LoginRenderer}, which every door calls with its own response.
     * A door that writes them itself, from its attempt or a request attribute, fails here (comments aside).
     */
    @Test
    void theLoginAnswersHeaders_areWrittenByTheRendererAlone() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path file : MainTrees.allSources()) {
            broken.addAll(renderedElsewhere(file, Files.readString(file)));
        }
        assertEquals(List.of(), broken);
    }

    /** Where {@code text}, the source of {@code file}, names what only the renderer writes, each as {@code file:line names ...}. */
    static List<String> renderedElsewhere(Path file, String text) {
        if (LOGIN_RENDERERS.contains(file.getFileName().toString())) {
            return List.of();
        }
        String code = withoutComments(text);
        List<String> found = new ArrayList<>();
        Matcher named = LOGIN_WIRE.matcher(code);
        while (named.find()) {
            int start = code.lastIndexOf('\n', named.start()) + 1;
            int end = code.indexOf('\n', named.end());
            if (!NAMED_AGAIN.matcher(code.substring(start, end < 0 ? code.length() : end)).find()) {
                found.add(MainTrees.shown(file) + ":" + lineOf(code, named.start()) + " names " + named.group());
            }
        }
        return found;
    }

    /** {@code text} with its comments blanked, line breaks and string literals kept. */
    static String withoutComments(String text) {
        StringBuilder code = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            int end;
            if (text.startsWith("//", i)) {
                end = text.indexOf('\n', i);
                end = end < 0 ? text.length() : end;
                code.append(" ".repeat(end - i));
            } else if (text.startsWith("/*", i)) {
                end = text.indexOf("*/", i + 2);
                end = end < 0 ? text.length() : end + 2;
                code.append(text.substring(i, end).replaceAll("[^\n]", " "));
            } else if (c == '"' || c == '\'') {
                end = i + 1;
                while (end < text.length() && text.charAt(end) != c && text.charAt(end) != '\n') {
                    end += text.charAt(end) == '\\' ? 2 : 1;
                }
                end = Math.min(end + 1, text.length());
                code.append(text, i, end);
            } else {
                end = i + 1;
                code.append(c);
            }
            i = end;
        }
        return code.toString();
    }

    /** The renderer rule can fail: a door that sets the header from its attempt, or by its text, is seen; a comment is not. */
    @Test
    void theRendererRule_seesADoorWritingALoginHeaderItself() {
        String door = """
                /** Sets {@code Playtcha-Token-Spent} and NEEDS_TOKEN_HEADER: said in a comment, not written. */
                class Door {
                    public static final String HEADER = LoginProtocol.NEEDS_TOKEN_HEADER;

                    void told(Response response, LoginAttempt attempt) {
                        response.set(LoginProtocol.NEEDS_TOKEN_HEADER, Boolean.toString(attempt.needsToken()));
                        response.set("Playtcha-Token-Spent", "false"); // "Playtcha-Login-Needs-Token": "http://x"
                        request.set("com.playtcha.login-needs-token", true);
                    }
                }
                """;
        assertEquals(List.of("Door.java:6 names NEEDS_TOKEN_HEADER", "Door.java:7 names \"Playtcha-Token-Spent\"",
                "Door.java:8 names \"com.playtcha.login-needs-token\""),
                renderedElsewhere(Path.of("Door.java"), door).stream().map(b -> b.substring(b.indexOf("Door.java"))).toList());
        assertEquals(List.of(), renderedElsewhere(Path.of("LoginRenderer.java"), door));
    }

    /**
     * Only what other packages of the core call is public in the engine: other jars come in through the SPI,
     * and every other {@code internal} type is package-private.
     */
    @Test
    void theEngine_hasFewPublicTypes() throws IOException {
        List<String> publicTypes = new ArrayList<>();
        for (Path file : MainTrees.sources(MainTrees.CORE.resolve("com/playtcha/jakarta/internal"))) {
            if (PUBLIC_TYPE.matcher(Files.readString(file)).find()) {
                publicTypes.add(MainTrees.CORE.relativize(file).toString());
            }
        }
        assertTrue(publicTypes.size() <= MAX_PUBLIC_INTERNAL_TYPES, publicTypes.size() + " public types in internal: " + publicTypes);
    }

    /** Each public type of the SPI says in its Javadoc's first word that it is one (and then who implements or calls it). */
    @Test
    void eachSpiType_saysItIsAContract() throws IOException {
        List<String> unsaid = new ArrayList<>();
        for (Path file : MainTrees.sources(MainTrees.CORE.resolve("com/playtcha/jakarta/spi"))) {
            if (!saysItIsAContract(Files.readString(file))) {
                unsaid.add(file.getFileName().toString());
            }
        }
        assertEquals(List.of(), unsaid, "public SPI types whose Javadoc does not begin with \"SPI:\"");
    }

    private static boolean saysItIsAContract(String text) {
        return !Pattern.compile("(?m)^public ").matcher(text).find() || CONTRACT.matcher(text).find();
    }

    /** The engine's and the SPI's rules can fail: a public engine type is counted, an SPI type that does not say so is seen. */
    @Test
    void theEngineAndSpiRules_seeAPublicTypeAndAnUnsaidContract() {
        assertTrue(PUBLIC_TYPE.matcher("package x;\n\npublic final class Parts {\n}\n").find());
        assertFalse(PUBLIC_TYPE.matcher("package x;\n\nfinal class Parts {\n}\n").find());
        assertTrue(saysItIsAContract("/** SPI: what a store implements. */\npublic interface Store {\n}\n"));
        assertFalse(saysItIsAContract("/** What a store implements. */\npublic interface Store {\n}\n"));
    }

    private static String packageOf(String text) {
        Matcher m = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE).matcher(text);
        return m.find() ? m.group(1) : "";
    }
}
