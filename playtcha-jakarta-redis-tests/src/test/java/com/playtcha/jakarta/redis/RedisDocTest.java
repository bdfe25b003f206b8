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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    @Test
    void theLogLinesOfThisModule_areTheCodes() throws IOException {
        Matcher row = Pattern.compile("(?m)^\\| `\\.\\.\\.redis\\.(\\w+)` \\| [A-Z, ]+ \\| `([^`]+)`").matcher(Files.readString(DOC));
        int rows = 0;
        while (row.find()) {
            String source = Files.readString(MODULE.resolve(Path.of("src/main/java/com/playtcha/jakarta/redis", row.group(1) + ".java"))).replace("''", "'");
            String line = row.group(2).replace(" within 100 ms", " within {0} ms");
            assertTrue(source.contains(line), row.group(1) + " writes no line beginning '" + line + "'");
            rows++;
        }
        assertTrue(rows >= 6, rows + " rows of this module's loggers");
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
