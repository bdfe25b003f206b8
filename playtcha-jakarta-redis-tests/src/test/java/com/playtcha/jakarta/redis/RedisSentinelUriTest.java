package com.playtcha.jakarta.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.InvalidSettingException;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.Setting;
import com.playtcha.jakarta.internal.budget.Stores;
import com.playtcha.jakarta.spi.store.LoginFailures;
import com.playtcha.jakarta.spi.store.Resources;
import com.playtcha.jakarta.spi.store.VerifierClock;
import io.lettuce.core.RedisURI;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * docs/redis.md's Sentinel forms as Lettuce reads them ({@link RedisURI#create}): the Sentinels, the group, the
 * database and the primary's user and password as written, {@code :password@} a password without a user. Then the
 * form with passwords alone, on real servers: a primary with {@code requirepass} and a Sentinel with a
 * {@code requirepass} of its own, which the URI's {@code sentinelPassword} alone opens, and without which the
 * Sentinel refuses the node (the start fails naming the key).
 */
class RedisSentinelUriTest {

    private static final Path DOC = Path.of("..", "docs", "redis.md");

    @Test
    void theSentinelFormsOnThePage_readByLettuce_nameTheSentinelsTheGroupAndThePrimarysLogin() throws IOException {
        Matcher forms = Pattern.compile("\\| `(rediss?-sentinel://[^`]+)` \\|").matcher(Files.readString(DOC));
        List<String> uris = new ArrayList<>();
        while (forms.find()) {
            uris.add(forms.group(1));
        }
        assertTrue(uris.stream().anyMatch(u -> u.startsWith("redis-sentinel://:change-me@") && u.contains("?sentinelPassword=s3cret#")
                && !u.contains("sentinelUsername")), "the page shows passwords without users: " + uris);
        for (String text : uris) {
            RedisURI uri = RedisURI.create(text);
            assertTrue(uri.getSentinels().size() >= 2, text + ": its Sentinels");
            assertEquals("mymaster", uri.getSentinelMasterId(), text);
            assertEquals(0, uri.getDatabase(), text);
            if (text.contains("://:change-me@")) {
                assertNull(uri.getUsername(), text + ": a password without a user");
                assertEquals("change-me", new String(uri.getPassword()), text);
            } else if (text.contains("://playtcha:change-me@")) {
                assertEquals("playtcha", uri.getUsername(), text);
                assertEquals("change-me", new String(uri.getPassword()), text);
            }
        }
    }

    @Test
    @Timeout(300)
    void passwordsAlone_thePrimarysBeforeTheAt_theSentinelsAsSentinelPassword_openTheCounts() throws Exception {
        String group = "mymaster";
        try (RedisServer primary = RedisServer.start(List.of("--requirepass", "change-me"));
                RedisServer sentinel = RedisServer.sentinel(primary.port(), group, 1, List.of("sentinel auth-pass " + group + " change-me",
                        "requirepass s3cret"))) {
            String page = Files.readString(DOC);
            Matcher form = Pattern.compile("`(redis-sentinel://:change-me@[^`]*\\?sentinelPassword=s3cret#mymaster)`").matcher(page);
            assertTrue(form.find(), "the page's form with passwords alone");
            String uri = form.group(1).replaceAll("@[^/]+/", "@127.0.0.1:" + sentinel.port() + "/");
            LoginFailures counts = open(uri);
            try {
                byte[] account = "a keyed hash of alice".getBytes(StandardCharsets.UTF_8);
                RedisFailureTest.await(() -> counts.admit(account, "203.0.113.7"), "an admission on the shared counts");
                counts.admitted(account, "203.0.113.7", false);
                assertNull(counts.away(), "shared: the Sentinel named the primary, which took its password");
            } finally {
                counts.close();
            }

            InvalidSettingException refused = assertThrows(InvalidSettingException.class,
                    () -> open(uri.replace("?sentinelPassword=s3cret", "")).close());
            assertEquals(Setting.REDIS_URI, refused.setting(), "without the Sentinel's password: refused, " + refused.getMessage());
            assertTrue(!refused.getMessage().contains("s3cret") && !refused.getMessage().contains("change-me"), refused.getMessage());
        }
    }

    private static LoginFailures open(String uri) {
        PlaytchaSettings settings = PlaytchaSettings.builder("sk_test_redis").redisUri(uri).clusterTimeout(Duration.ofSeconds(1))
                .loginAfterFailures(true).build();
        return Stores.loginFailures(settings, VerifierClock.SYSTEM, "playtcha-sentinel-uri", Resources.NONE);
    }
}
