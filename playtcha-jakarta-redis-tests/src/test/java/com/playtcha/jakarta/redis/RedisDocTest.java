package com.playtcha.jakarta.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.Setting;
import com.playtcha.jakarta.internal.budget.Stores;
import com.playtcha.jakarta.spi.store.LoginFailures;
import com.playtcha.jakarta.spi.store.Resources;
import com.playtcha.jakarta.spi.store.VerifierClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/redis.md's examples, read from the page as written: the dependency is this module's, the
 * properties and the environment variable are settings the library takes (the password masked), and the
 * URI, its user, password and database index as written, its host, port and TLS the test's, opens the
 * login counts on a real {@code redis-server} whose ACL knows that user.
 */
class RedisDocTest {

    private static final Path DOC = Path.of("..", "docs", "redis.md");
    /** The module these tests test. */
    private static final Path MODULE = Path.of("..", "playtcha-jakarta-redis");

    /** The fenced blocks of one language, in order. */
    static List<String> blocks(String language) throws IOException {
        Matcher m = Pattern.compile("(?ms)^ *```" + language + "\\n(.*?)^ *```").matcher(Files.readString(DOC));
        List<String> found = new ArrayList<>();
        while (m.find()) {
            found.add(m.group(1).replaceAll("(?m)^   ", ""));
        }
        return found;
    }

    @Test
    void theDependency_isThisModule() throws IOException {
        String xml = blocks("xml").get(0);
        String pom = Files.readString(MODULE.resolve("pom.xml"));
        assertTrue(xml.contains("<groupId>com.playtcha</groupId>") && xml.contains("<artifactId>playtcha-jakarta-redis</artifactId>"), xml);
        assertTrue(pom.contains("<artifactId>playtcha-jakarta-redis</artifactId>"), "this module's artifact");
        assertTrue(pom.contains("<artifactId>playtcha-jakarta-cluster</artifactId>") && pom.contains("<artifactId>lettuce-core</artifactId>")
                && pom.contains("<artifactId>bucket4j_jdk17-lettuce</artifactId>"), "it brings what the page says it brings");
    }

    @Test
    void theProperties_andTheEnvironmentVariable_areSettings_withThePasswordMasked() throws IOException {
        PlaytchaSettings settings = fromProperties(blocks("properties").get(0));
        assertEquals("rediss://playtcha:change-me@redis.internal:6380/2", settings.ledger().redis().uri());
        assertFalse(settings.toString().contains("change-me"), settings.toString());

        String sh = blocks("sh").get(0).trim();
        assertEquals(Setting.REDIS_URI.environmentVariable(), sh.substring(0, sh.indexOf('=')));
        assertEquals(settings.ledger().redis().uri(), sh.substring(sh.indexOf('=') + 2, sh.length() - 1));
    }

    @Test
    void theUri_withItsUserPasswordAndDatabase_opensTheCountsOnARealServer() throws Exception {
        try (RedisServer server = RedisServer.start(List.of("--user", "default", "off", "--user", "playtcha", "on", ">change-me", "~playtcha:*",
                "+@all", "--databases", "16"))) {
            String written = fromProperties(blocks("properties").get(0)).ledger().redis().uri();
            String local = written.replace("rediss://", "redis://").replace("redis.internal:6380", "127.0.0.1:" + server.port());
            PlaytchaSettings settings = PlaytchaSettings.builder("sk_test_doc").redisUri(local).loginAfterFailures(true).build();
            LoginFailures counts = Stores.loginFailures(settings, VerifierClock.SYSTEM, "playtcha-doc", Resources.NONE);
            try {
                byte[] account = "a keyed hash of alice".getBytes(StandardCharsets.UTF_8);
                RedisFailureTest.await(() -> counts.admit(account, "203.0.113.7"), "an admission on the shared counts");
                counts.admitted(account, "203.0.113.7", false);
                assertNull(counts.away(), "shared, logged in as the page's user, in its database");
            } finally {
                counts.close();
            }
        }
    }

    @Test
    void everyUriOnThePage_isASettingTheLibraryTakes_withItsPasswordMasked() throws IOException {
        List<String> uris = new ArrayList<>();
        for (String properties : blocks("properties")) {
            properties.lines().filter(l -> l.startsWith("playtcha.redis.uri=")).forEach(l -> uris.add(l.substring(l.indexOf('=') + 1)));
        }
        Matcher forms = Pattern.compile("\\| `(rediss?(?:-sentinel)?://[^`]+)` \\|").matcher(Files.readString(DOC));
        while (forms.find()) {
            uris.add(forms.group(1));
        }
        assertTrue(uris.size() >= 10, "the page's URIs: " + uris);
        for (String uri : uris) {
            PlaytchaSettings settings = PlaytchaSettings.builder("sk_test_doc").redisUri(uri).build();
            assertFalse(settings.toString().contains("change-me") || settings.toString().contains("s3cret"), settings.toString());
        }
    }

    /**
     * The page's table of log lines is the code's, both ways: every ERROR, WARNING and INFO line that this module,
     * the shared ledger ({@code cluster.ledger}) and the shared counts ({@code cluster.counts}) write has its row, with
     * the logger it is written under and the class that writes it, and every row names such a line (issue 87: the
     * table named the counts' loggers, the lines showed {@code StoreCalls}). A line is known by its beginning, up to
     * its first placeholder. {@code StoreCalls} writes under the logger of each part that opens it
     * ({@code new StoreCalls(Part.class, "What", ...)}, its {@code {0}} that part's "What"), and only the lines of
     * the methods that part calls, directly or through {@code StoreCalls}' own.
     */
    @Test
    void theLogLinesTable_isEveryLineTheSharedPartsWrite_withItsLoggerAndWriter() throws IOException {
        Set<String> written = new TreeSet<>();
        Map<String, String> parts = new TreeMap<>(); // StoreCalls' owner -> its "what"
        Map<String, String> sources = new TreeMap<>();
        for (Path dir : List.of(MODULE.resolve("src/main/java/com/playtcha/jakarta/redis"),
                CLUSTER.resolve("src/main/java/com/playtcha/jakarta/cluster/counts"),
                CLUSTER.resolve("src/main/java/com/playtcha/jakarta/cluster/ledger"))) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    String type = packageOf(dir) + "." + file.getFileName().toString().replace(".java", "");
                    String source = Files.readString(file);
                    sources.put(type, source);
                    Matcher owner = STORE_CALLS.matcher(source);
                    while (owner.find()) {
                        parts.put(packageOf(dir) + "." + owner.group(1), owner.group(2));
                    }
                }
            }
        }
        String storeCalls = "com.playtcha.jakarta.cluster.counts.StoreCalls";
        sources.forEach((type, source) -> {
            Matcher byClass = Pattern.compile("System\\.getLogger\\((\\w+)\\.class\\.getName\\(\\)\\)").matcher(source);
            if (byClass.find()) {
                String logger = type.substring(0, type.lastIndexOf('.') + 1) + byClass.group(1);
                LINE.matcher(source).results().forEach(m -> written.add(row(logger, type, m.group(1), head(m.group(2), null))));
            } else {
                assertTrue(!source.contains("System.getLogger(") || type.equals(storeCalls), type + " gets a logger this test cannot name");
            }
        });
        String calls = sources.get(storeCalls);
        parts.forEach((part, what) -> {
            Set<String> reached = reached(calls, sources.get(part));
            Matcher m = LINE.matcher(calls);
            while (m.find()) {
                if (reached.contains(enclosing(calls, m.start()))) {
                    written.add(row(part, storeCalls, m.group(1), head(m.group(2), what)));
                }
            }
        });
        assertTrue(parts.size() == 2 && written.size() >= 20, "the parts " + parts + ", the lines " + written);

        Set<String> rows = new TreeSet<>();
        Matcher row = TABLE_ROW.matcher(Files.readString(DOC));
        while (row.find()) {
            String logger = row.group(1).replace("...", "com.playtcha.jakarta.");
            String writer = row.group(2).startsWith("...") ? row.group(2).replace("...", "com.playtcha.jakarta.")
                    : logger.substring(0, logger.lastIndexOf('.') + 1) + row.group(2);
            List<String> levels = List.of(row.group(3).split(", "));
            List<String> lines = Pattern.compile("`([^`]+)`").matcher(row.group(4)).results().map(r -> r.group(1)).toList();
            assertTrue(levels.size() == 1 || levels.size() == lines.size(), "one level, or one a line: " + row.group());
            for (int i = 0; i < lines.size(); i++) {
                rows.add(row(logger, writer, levels.get(levels.size() == 1 ? 0 : i), lines.get(i)));
            }
        }
        assertEquals(List.of(), written.stream().filter(w -> rows.stream().noneMatch(r -> same(w, r))).toList(),
                "lines the code writes that docs/redis.md's table does not list (logger | written by | level | beginning)");
        assertEquals(List.of(), rows.stream().filter(r -> written.stream().noneMatch(w -> same(w, r))).toList(),
                "rows of docs/redis.md's table that name no line the code writes so");
    }

    private static final Path CLUSTER = Path.of("..", "playtcha-jakarta-cluster");
    /** A log call at a level the table lists, and its message's first literal. */
    private static final Pattern LINE = Pattern.compile("\\.log\\(Level\\.(ERROR|WARNING|INFO),\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern STORE_CALLS = Pattern.compile("new StoreCalls\\((\\w+)\\.class,\\s*\"([^\"]+)\"");
    /** A row of the library's: logger, written by, levels, lines. */
    private static final Pattern TABLE_ROW = Pattern.compile(
            "(?m)^\\| `(\\.\\.\\.[\\w.]+)` \\| `([\\w.]+)` \\| ([A-Z, ]+) \\| (.+?) \\| [^|]+ \\|$");
    /** A method's (or constructor's) declaration at a class's top level, four spaces in. */
    private static final Pattern METHOD = Pattern.compile("(?m)^    (?:[\\w<>\\[\\]?, ]+ )?(\\w+)\\([^)]*\\)[^;{]*\\{");

    private static String packageOf(Path dir) {
        String path = dir.toString().replace('\\', '/');
        return path.substring(path.indexOf("com/playtcha")).replace('/', '.');
    }

    private static String row(String logger, String writer, String level, String line) {
        return logger + " | " + writer + " | " + level + " | " + line;
    }

    /** Whether a line written and a row are one: the same logger, writer and level, and one's beginning the other's. */
    private static boolean same(String written, String row) {
        String[] w = written.split(" \\| ", 4);
        String[] r = row.split(" \\| ", 4);
        return w[0].equals(r[0]) && w[1].equals(r[1]) && w[2].equals(r[2]) && (w[3].startsWith(r[3]) || r[3].startsWith(w[3]));
    }

    /** A message as a log shows its beginning: quotes unescaped, {@code {0}} as {@code what} (if given), up to the next placeholder. */
    private static String head(String literal, String what) {
        String text = literal.replace("''", "'").replace("\\\"", "\"");
        if (what != null) {
            text = text.replace("{0}", what);
        }
        int placeholder = text.indexOf('{');
        String head = (placeholder < 0 ? text : text.substring(0, placeholder)).strip();
        assertTrue(head.length() >= 12, "a line too short to be told by its beginning: " + literal);
        return head;
    }

    /** The name of the top-level method of {@code source} that {@code at} is in. */
    private static String enclosing(String source, int at) {
        String name = null;
        Matcher m = METHOD.matcher(source);
        while (m.find() && m.start() < at) {
            name = m.group(1);
        }
        return name;
    }

    /** The methods of {@code calls} that {@code part} reaches: those it calls on its {@code calls}, and theirs in turn. */
    private static Set<String> reached(String calls, String part) {
        Map<String, String> bodies = new TreeMap<>();
        Matcher m = METHOD.matcher(calls);
        List<int[]> at = new ArrayList<>();
        List<String> names = new ArrayList<>();
        while (m.find()) {
            at.add(new int[] {m.start()});
            names.add(m.group(1));
        }
        for (int i = 0; i < names.size(); i++) {
            int end = i + 1 < names.size() ? at.get(i + 1)[0] : calls.length();
            bodies.merge(names.get(i), calls.substring(at.get(i)[0], end), String::concat);
        }
        Set<String> reached = new TreeSet<>();
        List<String> next = new ArrayList<>(Pattern.compile("\\bcalls\\.(\\w+)\\(").matcher(part).results().map(r -> r.group(1)).toList());
        while (!next.isEmpty()) {
            String name = next.remove(next.size() - 1);
            if (bodies.containsKey(name) && reached.add(name)) {
                Pattern.compile("\\b(\\w+)\\(").matcher(bodies.get(name)).results().map(r -> r.group(1)).forEach(next::add);
            }
        }
        return reached;
    }

    @Test
    void thePage_namesTheLoggerAndLevelThatWriteThePassword_asRedisProtocolLogTestFinds() throws IOException {
        String page = Files.readString(DOC);
        assertTrue(page.contains("`io.lettuce.core.protocol.CommandEncoder` at TRACE (java.util.logging: FINEST)"), "the logger, the level");
        assertTrue(page.contains("Keep `io.lettuce` at DEBUG (FINE) or above"), "and how to keep it off");
    }

    private static PlaytchaSettings fromProperties(String properties) {
        PlaytchaSettings.Builder builder = PlaytchaSettings.builder("sk_test_doc");
        for (String line : properties.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String key = line.substring(0, line.indexOf('='));
            Setting setting = java.util.Arrays.stream(Setting.values()).filter(s -> s.key().equals(key)).findFirst().orElseThrow();
            builder.set(setting, line.substring(line.indexOf('=') + 1));
        }
        return builder.build();
    }
}
