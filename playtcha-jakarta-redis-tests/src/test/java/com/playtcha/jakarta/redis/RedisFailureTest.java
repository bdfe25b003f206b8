package com.playtcha.jakarta.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.InvalidSettingException;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.Setting;
import com.playtcha.jakarta.core.TestSettings;
import com.playtcha.jakarta.core.VerifierStatus.LocalFault;
import com.playtcha.jakarta.internal.budget.Stores;
import com.playtcha.jakarta.spi.store.LoginFailures;
import com.playtcha.jakarta.spi.store.Resources;
import com.playtcha.jakarta.spi.store.SharedStore;
import com.playtcha.jakarta.spi.store.VerifierClock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The failure rules of the other stores, on a real {@code redis-server} that is stopped, started, paused
 * ({@code CLIENT PAUSE}: every command waits) or never there: refused is the node's own counts (and
 * {@code budgets_local}), slow is a token for that login, a start with Redis away is bounded and the node
 * shares once Redis answers. Waits are awaited, never slept; what is asserted is what was decided.
 */
class RedisFailureTest {

    private static final byte[] ALICE = "a keyed hash of alice".getBytes(StandardCharsets.UTF_8);

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private LoginFailures counts(String uri, Duration timeout) {
        PlaytchaSettings settings = PlaytchaSettings.builder("sk_test_redis").redisUri(uri).clusterTimeout(timeout).loginAfterFailures(true)
                .build();
        LoginFailures counts = Stores.loginFailures(settings, VerifierClock.SYSTEM, "playtcha-verifier-failure", Resources.NONE);
        open.add(counts::close);
        return counts;
    }

    @Test
    @Timeout(300) // a guard only: a start that hung would never end
    void aStartWithRedisAway_goesOnAtOnce_onTheNodesOwnCounts_andSharesOnceRedisAnswers() throws Exception {
        RedisServer server = RedisServer.start();
        open.add(server);
        server.stop();
        LoginFailures a = counts(server.uri(0), Duration.ofMillis(250));
        assertTrue(a.admit(ALICE, "203.0.113.1"), "refused: the node's own counts, which have room");
        a.admitted(ALICE, "203.0.113.1", false);
        assertNotNull(a.away(), "the node says it counts alone");
        assertEquals(LocalFault.BUDGETS_LOCAL, a.away().code());

        server.startAgain();
        await(() -> {
            a.needsToken(ALICE, "203.0.113.2"); // while away, a call lets a probe go, at most once a second
            return a.away() == null;
        }, "the node shares again once Redis answers");
        LoginFailures b = counts(server.uri(0) + "?clientName=b", Duration.ofMillis(250));
        for (int i = 0; i < 3; i++) {
            String client = "203.0.113." + (10 + i);
            await(() -> a.admit(ALICE, client), "guess from " + client + " admitted (a loaded machine may be slow once: a token, then again)");
            a.admitted(ALICE, client, false);
        }
        assertTrue(b.needsToken(ALICE, "203.0.113.50"), "the failures on a count on b: they share again");
    }

    @Test
    @Timeout(300)
    void aStartOnAServerThatAcceptsAndNeverAnswers_isBoundedToo() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> held = new ArrayList<>();
            Thread accepting = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept()); // TCP accepted, never a word back: a hung server, a half-open proxy
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            accepting.setDaemon(true);
            accepting.start();
            LoginFailures counts = counts("redis://127.0.0.1:" + silent.getLocalPort() + "/0", Duration.ofMillis(250));
            assertFalse(counts.admit(ALICE, "203.0.113.1") && counts.away() == null, "no shared answer from a silent server");
        }
    }

    /**
     * A silent server with a per-call budget whose connection attempt may take 13 s (four times 2 s, and 5 s for a cold
     * JVM): the start still waits no longer than its one bound, {@code playtcha.cluster.start-timeout} (issue 71).
     */
    @Test
    @Timeout(300)
    void aSilentServerHoldsTheStart_noLongerThanTheStartsOneBound() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> held = new ArrayList<>();
            Thread accepting = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            accepting.setDaemon(true);
            accepting.start();
            Duration bound = Duration.ofSeconds(1);
            PlaytchaSettings settings = PlaytchaSettings.builder("sk_test_redis").redisUri("redis://127.0.0.1:" + silent.getLocalPort() + "/0")
                    .clusterTimeout(Duration.ofSeconds(2)).clusterStartTimeout(bound).loginAfterFailures(true).build();
            long started = System.nanoTime();
            LoginFailures counts = Stores.loginFailures(settings, VerifierClock.SYSTEM, "playtcha-verifier-bound", Resources.NONE);
            open.add(counts::close);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertTrue(took.compareTo(bound.plus(TestSettings.SLACK)) < 0, "the start took " + took.toMillis() + " ms");
            assertFalse(counts.admit(ALICE, "203.0.113.1") && counts.away() == null, "no shared answer from a silent server");
        }
    }

    /**
     * The ledger opens the link when no other part did (no client budgets, no login counts) with the settings'
     * {@code cluster.timeout} and {@code cluster.start-timeout}, not a bound of its own (issue 87: it gave every
     * attempt and command 1 s). A server that answers only after 2 s ({@code CLIENT PAUSE}), with
     * {@code cluster.timeout=1s} (4 s an attempt or a command), is connected at the start, and a command it
     * answers in 2 s is answered; with 1 s, the node started "not there" and every attempt timed out.
     */
    @Test
    @Timeout(300)
    void theLedgerOpeningTheLink_givesItTheSettingsBounds_notAFixedSecond() throws Exception {
        RedisServer server = RedisServer.start();
        open.add(server);
        PlaytchaSettings settings = PlaytchaSettings.builder("sk_test_redis").redisUri(server.uri(0)).clusterTimeout(Duration.ofSeconds(1))
                .clusterStartTimeout(Duration.ofMinutes(1)).build();
        List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Logger log = java.util.logging.Logger.getLogger(RedisLink.class.getName());
        java.util.logging.Handler handler = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                if (r.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()) {
                    warnings.add(r.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(handler);
        try {
            assertEquals("+OK", server.send("CLIENT PAUSE 2000 ALL"), "every command, the connection's first included, waits 2 s");
            SharedStore ledger = new RedisBackend().ledger(settings, VerifierClock.SYSTEM, "playtcha-ledger-bound", Resources.NONE);
            open.add(0, () -> ledger.close(Duration.ZERO));
            assertEquals(List.of(), warnings, "connected at the start, within 4 s an attempt");

            RedisLink link = RedisLinks.acquire(settings.ledger().redis(), settings.clusterTimeout(), null);
            open.add(0, () -> RedisLinks.release(link));
            assertEquals("+OK", server.send("CLIENT PAUSE 2000 ALL"));
            Long answered = link.calls().call(RedisKeys.Script.of("return 1"), io.lettuce.core.ScriptOutputType.INTEGER, List.of(),
                    new byte[0][], null);
            assertEquals(1L, answered, "a command answered in 2 s, within its 4 s");
        } finally {
            log.removeHandler(handler);
        }
    }

    @Test
    @Timeout(300)
    void redisStoppedAfterTheStart_isTheNodesOwnCounts_andASlowRedisAsksForAToken() throws Exception {
        RedisServer server = RedisServer.start();
        open.add(server);
        LoginFailures counts = counts(server.uri(0), Duration.ofMillis(250));
        await(() -> {
            boolean admitted = counts.admit(ALICE, "203.0.113.1"); // a loaded machine's first call may be slow: a token, then again
            if (admitted) {
                counts.admitted(ALICE, "203.0.113.1", true);
            }
            return admitted;
        }, "an answer in time");
        assertNull(counts.away());

        assertEquals("+OK", server.send("CLIENT PAUSE 5000 ALL"), "every command waits 5 s: slower than half of cluster.timeout");
        assertFalse(counts.admit(ALICE, "203.0.113.2"), "slow: a token for that login");
        assertNull(counts.away(), "slow is not away: the node does not count alone");
        assertEquals("+OK", server.send("CLIENT UNPAUSE"));

        server.stop();
        await(() -> counts.admit(ALICE, "203.0.113.3") && counts.away() != null, "refused: the node's own counts");
        assertEquals(LocalFault.BUDGETS_LOCAL, counts.away().code());
    }

    @Test
    @Timeout(300)
    void aWrongPassword_orADatabaseTheServerHasNot_failsTheStart_namingTheKey_withoutThePassword() throws Exception {
        try (RedisServer server = RedisServer.start(List.of("--user", "default", "off", "--user", "playtcha", "on", ">right", "~playtcha:*",
                "+@all"))) {
            for (String uri : List.of("redis://playtcha:wrong-s3cret@127.0.0.1:" + server.port() + "/0",
                    "redis://playtcha:right@127.0.0.1:" + server.port() + "/99")) {
                InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> counts(uri, Duration.ofMillis(250)));
                assertEquals(Setting.REDIS_URI, e.setting());
                assertFalse(e.getMessage().contains("wrong-s3cret") || e.getMessage().contains(":right@"), e.getMessage());
            }
        }
    }

    /**
     * A Redis that is full ({@code maxmemory} reached under {@code noeviction}: every write answers {@code OOM}) is a
     * fault of the store, not a setting to mend: a node that starts meanwhile starts (a start that failed would take
     * every node restarted during the fault down with it), a login needs a token while the writes are refused, and it
     * shares once Redis has room again.
     */
    @Test
    @Timeout(300)
    void aFullRedis_atStart_startsTheNode_asksLoginsForAToken_andSharesOnceThereIsRoom() throws Exception {
        RedisServer server = RedisServer.start();
        open.add(server);
        assertEquals("+OK", server.send("CONFIG SET maxmemory 1"), "every write now answers OOM");
        LoginFailures counts = counts(server.uri(0), Duration.ofMillis(250));
        assertFalse(counts.admit(ALICE, "203.0.113.1"), "no write taken: a token for that login");
        assertNull(counts.away(), "full is not away: the node does not count alone");
        assertEquals("+OK", server.send("CONFIG SET maxmemory 0"));
        await(() -> counts.admit(ALICE, "203.0.113.2") && counts.away() == null, "shared once Redis has room");
    }

    /**
     * A Redis at its {@code maxclients} answers a new connection {@code ERR max number of clients reached} and closes
     * it: a fault of the store's load (a rolling deployment's connection storm), not a setting. A node that starts
     * meanwhile starts on its own state, as with a server that refuses the connection, and shares once one is free.
     */
    @Test
    @Timeout(300)
    void aRedisAtItsMaxClients_atStart_startsTheNode_andSharesOnceAConnectionIsFree() throws Exception {
        RedisServer server = RedisServer.start(List.of("--maxclients", "1"));
        open.add(server);
        LoginFailures counts;
        try (Socket hold = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            hold.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            assertTrue(hold.getInputStream().read(new byte[7]) > 0, "the one connection the server takes is this one");
            counts = counts(server.uri(0), Duration.ofMillis(250));
            assertTrue(counts.admit(ALICE, "203.0.113.1"), "the node's own counts, which have room");
            assertNotNull(counts.away(), "the node says it counts alone");
        }
        await(() -> {
            counts.needsToken(ALICE, "203.0.113.2");
            return counts.away() == null;
        }, "the node shares once a connection is free");
    }

    static void await(BooleanSupplier done, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!done.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "not within 2 minutes: " + what);
            Thread.sleep(20);
        }
    }
}
