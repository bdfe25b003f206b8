package com.playtcha.jakarta.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.InvalidSettingException;
import com.playtcha.jakarta.core.LogCapture;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.Setting;
import com.playtcha.jakarta.internal.budget.Stores;
import com.playtcha.jakarta.spi.store.LoginFailures;
import com.playtcha.jakarta.spi.store.Resources;
import com.playtcha.jakarta.spi.store.VerifierClock;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Neither the password of {@code playtcha.redis.uri} nor its length shows: Lettuce writes a URI's password as one
 * {@code *} a character wherever it quotes the URI (a Redis Cluster that cannot be reached is told as "Cannot retrieve
 * cluster partitions from [redis://***...@host:port]"), and that text reached the status, this module's log lines and
 * the counts'. A password of 23 characters, then, must not show as 23 stars in the status's fault, in any log record
 * (every logger at every level, Lettuce's too, but its protocol trace, which writes every byte sent: docs/redis.md), nor
 * in the exception of a refused start. Real {@code redis-server}s and a Sentinel, on loopback.
 */
class RedisPasswordLengthTest {

    private static final String PASSWORD = "Twenty3-chars-s3cret-pw";
    private static final String STARS = "*".repeat(PASSWORD.length());
    private static final String ENCODER = "io.lettuce.core.protocol.CommandEncoder";
    private static final byte[] ALICE = "a keyed hash of alice".getBytes(StandardCharsets.UTF_8);

    @RegisterExtension
    final LogCapture log = new LogCapture();

    private static PlaytchaSettings settings(String uri) {
        return PlaytchaSettings.builder("sk_test_redis").redisUri(uri).clusterTimeout(Duration.ofMillis(250)).loginAfterFailures(true)
                .build();
    }

    @Test
    @Timeout(300) // a guard only: a start that hung would never end
    void aRedisClusterThatIsDown_tellsNeitherThePasswordNorItsLength_inTheStatusOrTheLog() throws Exception {
        assertEquals(23, PASSWORD.length());
        try (RedisServer a = RedisServer.start(); RedisServer b = RedisServer.start()) {
            a.stop();
            b.stop();
            LoginFailures counts = Stores.loginFailures(settings("redis://:" + PASSWORD + "@127.0.0.1:" + a.port() + ",127.0.0.1:" + b.port()),
                    VerifierClock.SYSTEM, "playtcha-password-length", Resources.NONE);
            try {
                RedisFailureTest.await(() -> counts.admit(ALICE, "203.0.113.1") && counts.away() != null, "the node counts alone");
                String fault = counts.away().message();
                assertTrue(fault.contains("Redis Cluster"), "the status says what failed: " + fault);
                unspoken("the status's fault", fault);
            } finally {
                counts.close();
            }
        }
        assertTrue(logged().contains("Redis is not there at start"), "the WARNING of a start without Redis was written");
        unspoken("the log", logged());
    }

    /** A Sentinel that takes another password than {@code sentinelPassword}, and Cluster nodes another than the URI's: refused. */
    @Test
    @Timeout(300)
    void aRefusedStart_tellsNeitherThePasswordNorItsLength_inTheExceptionOrTheLog() throws Exception {
        try (RedisServer primary = RedisServer.start(); RedisServer sentinel = RedisServer.sentinel(primary.port(), "playtcha-primary", 1)) {
            assertEquals("+OK", sentinel.send("ACL SETUSER default on resetpass >the-sentinels-own"));
            refused("redis-sentinel://127.0.0.1:" + sentinel.port() + "/0?sentinelPassword=" + PASSWORD + "#playtcha-primary");
        }
        try (RedisServer a = RedisServer.start(List.of("--requirepass", "another")); RedisServer b = RedisServer.start(List.of("--requirepass",
                "another"))) {
            refused("redis://:" + PASSWORD + "@127.0.0.1:" + a.port() + ",127.0.0.1:" + b.port());
        }
        unspoken("the log", logged());
    }

    /**
     * The credentials still reach every server they are for, now that Lettuce holds them as a provider: a Sentinel group
     * whose Sentinels and primary each want a password, and a Redis Cluster whose nodes want one, share; the log tells
     * neither password's length.
     */
    @Test
    @Timeout(300)
    void aSentinelGroupAndAClusterWithPasswords_share_andTheLogTellsNeitherThePasswordNorItsLength() throws Exception {
        try (RedisServer primary = RedisServer.start(List.of("--requirepass", PASSWORD));
                RedisServer sentinel = RedisServer.sentinel(primary.port(), "playtcha-primary", 1)) {
            assertEquals("+OK", sentinel.send("ACL SETUSER default on resetpass >" + PASSWORD));
            shares("redis-sentinel://:" + PASSWORD + "@127.0.0.1:" + sentinel.port() + "/0?sentinelPassword=" + PASSWORD
                    + "#playtcha-primary");
        }
        try (ClusterNodes cluster = ClusterNodes.start()) {
            String seed = cluster.uri(1);
            for (RedisServer node : cluster.nodes()) {
                assertEquals("+OK", node.send("CONFIG SET masterauth " + PASSWORD));
            }
            for (RedisServer node : cluster.nodes()) {
                assertEquals("+OK", node.send("CONFIG SET requirepass " + PASSWORD));
            }
            shares(seed.replace("redis://", "redis://:" + PASSWORD + "@"));
        }
        unspoken("the log", logged());
    }

    private static void shares(String uri) throws InterruptedException {
        LoginFailures counts = Stores.loginFailures(settings(uri), VerifierClock.SYSTEM, "playtcha-password-length", Resources.NONE);
        try {
            RedisFailureTest.await(() -> counts.admit(ALICE, "203.0.113.1") && counts.away() == null, "shared, the password taken");
        } finally {
            counts.close();
        }
    }

    private static void refused(String uri) {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> Stores.loginFailures(settings(uri), VerifierClock.SYSTEM, "playtcha-password-length", Resources.NONE).close());
        assertEquals(Setting.REDIS_URI, e.setting());
        assertTrue(e.getMessage().contains("refuses this node"), e.getMessage());
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        unspoken("the refused start's exception", trace.toString());
    }

    /** Every record so far, its message formatted and its stack trace, but Lettuce's protocol trace's. */
    private String logged() {
        StringBuilder all = new StringBuilder();
        SimpleFormatter formatter = new SimpleFormatter();
        synchronized (log) {
            for (LogRecord r : log.records) {
                if (ENCODER.equals(r.getLoggerName()) && r.getLevel().intValue() < Level.FINE.intValue()) {
                    continue;
                }
                all.append(r.getLoggerName()).append(' ').append(formatter.formatMessage(r)).append('\n');
                if (r.getThrown() != null) {
                    StringWriter trace = new StringWriter();
                    r.getThrown().printStackTrace(new PrintWriter(trace));
                    all.append(trace);
                }
            }
        }
        return all.toString();
    }

    private static void unspoken(String where, String text) {
        assertFalse(text.contains(PASSWORD), "the password in " + where);
        int at = text.indexOf(STARS);
        assertTrue(at < 0, "the password's length in " + where + ": " + (at < 0 ? "" : text.substring(Math.max(0, at - 200),
                Math.min(text.length(), at + 100))));
    }
}
