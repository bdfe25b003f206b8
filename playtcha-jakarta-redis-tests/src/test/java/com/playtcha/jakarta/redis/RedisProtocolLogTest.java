package com.playtcha.jakarta.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.playtcha.jakarta.core.LogCapture;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.internal.budget.Stores;
import com.playtcha.jakarta.spi.store.LoginFailures;
import com.playtcha.jakarta.spi.store.Resources;
import com.playtcha.jakarta.spi.store.VerifierClock;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.netty.util.internal.logging.JdkLoggerFactory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What docs/redis.md says of Lettuce's own logging, held to Lettuce: with every logger at ALL, the
 * password of {@code playtcha.redis.uri} shows in records of one logger alone,
 * {@code io.lettuce.core.protocol.CommandEncoder}, at TRACE (java.util.logging's FINEST), which writes every
 * byte sent ({@code HELLO 3 AUTH user password}); with that logger at DEBUG (FINE), as the page advises,
 * in none, everything else still at ALL. Lettuce logs through Netty's logging, here java.util.logging.
 */
class RedisProtocolLogTest {

    private static final String PASSWORD = "Pr0tocol-71-s3cret";
    private static final String ENCODER = "io.lettuce.core.protocol.CommandEncoder";

    @Test
    @Timeout(300)
    void atAll_thePasswordShowsOnlyInTheEncodersTrace_andWithThatLoggerAtDebug_inNoRecord() throws Exception {
        assumeTrue(InternalLoggerFactory.getDefaultFactory() instanceof JdkLoggerFactory,
                "Netty logs through " + InternalLoggerFactory.getDefaultFactory() + " here, not java.util.logging");
        try (RedisServer server = RedisServer.start(List.of("--user", "default", "off", "--user", "playtcha", "on", ">" + PASSWORD,
                "~playtcha:*", "+@all"))) {
            LogCapture log = new LogCapture();
            Logger encoder = Logger.getLogger(ENCODER); // held: java.util.logging keeps its loggers weakly
            log.install();
            try {
                List<LogRecord> showing = showing(log, server, "at-all");
                assertFalse(showing.isEmpty(), "at ALL the encoder's trace writes the HELLO with the password (what the docs say)");
                for (LogRecord r : showing) {
                    assertEquals(ENCODER, r.getLoggerName(), "only the encoder's records show the password: " + r.getMessage());
                    assertEquals(Level.FINEST, r.getLevel(), "and only at TRACE: " + r.getMessage());
                }
                log.records.clear();
                encoder.setLevel(Level.FINE);
                assertEquals(List.of(), showing(log, server, "encoder-at-debug").stream().map(LogRecord::getMessage).toList(),
                        "with the encoder at DEBUG, every other logger at ALL: no record shows the password");
                assertTrue(log.records.size() > 10, "everything else was still written: " + log.records.size() + " records");
            } finally {
                encoder.setLevel(null);
                log.uninstall();
            }
        }
    }

    /** The records of a new connection's start and a few calls that carry the password (message, parameters, stack trace). */
    private static List<LogRecord> showing(LogCapture log, RedisServer server, String name) throws Exception {
        PlaytchaSettings settings = PlaytchaSettings.builder("sk_test_redis").loginAfterFailures(true)
                .redisUri("redis://playtcha:" + PASSWORD + "@127.0.0.1:" + server.port() + "/0?clientName=" + name).build();
        LoginFailures counts = Stores.loginFailures(settings, VerifierClock.SYSTEM, "playtcha-protocol", Resources.NONE);
        try {
            byte[] account = "a keyed hash of alice".getBytes(StandardCharsets.UTF_8);
            RedisFailureTest.await(() -> counts.admit(account, "203.0.113.9"), "an admission");
        } finally {
            counts.close();
        }
        List<LogRecord> showing = new ArrayList<>();
        synchronized (log) {
            for (LogRecord r : log.records) {
                StringWriter text = new StringWriter().append(String.valueOf(r.getMessage()));
                if (r.getParameters() != null) {
                    for (Object p : r.getParameters()) {
                        text.append(' ').append(String.valueOf(p));
                    }
                }
                if (r.getThrown() != null) {
                    r.getThrown().printStackTrace(new PrintWriter(text));
                }
                if (text.toString().contains(PASSWORD)) {
                    showing.add(r);
                }
            }
        }
        return showing;
    }
}
