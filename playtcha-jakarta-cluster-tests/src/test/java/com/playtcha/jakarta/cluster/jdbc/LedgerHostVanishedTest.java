package com.playtcha.jakarta.cluster.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.cluster.ledger.TableStore;
import com.playtcha.jakarta.core.LedgerEntry;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.spi.store.SharedStore.Claim;
import com.playtcha.jakarta.spi.store.VerifierClock;
import com.playtcha.jakarta.testpostgres.TestPostgres;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shared ledger on a database host that vanishes under its connections ({@link Blackhole}: nothing
 * closed, nothing answered): a claim still ends when its request's wait does, with
 * {@link Claim#UNKNOWN} (the request then goes on as {@code playtcha.ledger.claim-unavailable} says),
 * and a node closed under claims returns and leaves no thread of its own. Before, the writer's insert and
 * the lease's renewal had no network timeout and no abort at close: their threads stayed in socket
 * reads for good, and the release at close waited on a dead connection. The pool is HikariCP's with
 * its defaults but a short validation, as docs/cluster.md advises.
 */
class LedgerHostVanishedTest {

    private static final String NAME = "java:comp/env/jdbc/vanished";
    private static final String THREADS = "playtcha-vanished-test";
    /** The default {@code playtcha.cluster.timeout}: what a request waits for its claim. */
    private static final Duration WAIT = Duration.ofMillis(250);
    /** What the ledger gives its close ({@code FailOpenLedger}'s wait is 10 s; shorter here, the same path). */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

    private Blackhole host;
    private HikariDataSource pool;
    private TableStore store;

    @BeforeEach
    void open() throws Exception {
        String url = TestPostgres.get().database();
        host = new Blackhole(Integer.parseInt(url.replaceAll(".*:(\\d+)/.*", "$1")));
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url.replaceFirst(":\\d+/", ":" + host.port() + "/") + "&loginTimeout=5");
        config.setValidationTimeout(250);
        pool = new HikariDataSource(config);
        store = JdbcStore.open(pool, NAME, PlaytchaSettings.builder("sk_test_vanished").ledgerDataSource(NAME).build().ledger(),
                VerifierClock.SYSTEM, THREADS);
        // warm: the pool's connections made and the statement known, with all the time a busy machine needs
        assertEquals(Claim.CLAIMED, store.claim(entry(), Duration.ofSeconds(30), true));
    }

    @AfterEach
    void close() throws Exception {
        if (store != null) {
            store.close(CLOSE_WAIT);
        }
        pool.close();
        host.close();
    }

    private static LedgerEntry entry() {
        return new LedgerEntry(UUID.randomUUID().toString(), "tok_" + UUID.randomUUID(), Instant.now(), "/signup", "198.51.100.7",
                "timeout");
    }

    @Test
    void aClaimOnAVanishedHost_endsWhenItsRequestStopsWaiting_unknown() {
        host.cut();
        long start = System.nanoTime();
        Claim claim = store.claim(entry(), WAIT, true);
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("a claim on a vanished host answered after " + tookMillis + " ms (wait " + WAIT.toMillis() + " ms)");
        assertEquals(Claim.UNKNOWN, claim, "no answer in time: held on this node only, or refused, as configured");
        // generous for a loaded machine; what it rules out is a wait for the database (its statement's bound
        // is 1 s and its connection's 2 s; the writer's and the lease's connections, the lease: 30 s)
        assertTrue(tookMillis < 10_000, "ended with its request's wait, not the database's: " + tookMillis + " ms");
        assertEquals(Claim.UNKNOWN, store.claim(entry(), WAIT, true), "the next one at once, while claims go unanswered");
    }

    @Test
    void aNodeClosedUnderClaims_whileItsLedgerHostVanished_closes_andLeavesNoThread() throws Exception {
        assertEquals(Claim.CLAIMED, store.claim(entry(), Duration.ofSeconds(30), true));
        host.cut();
        // an insert for the writer at once: HikariCP hands out a connection used in the last 500 ms untested, so the
        // writer's statement goes out on the connection the claim just gave back, and nothing answers it
        store.recorded(entry());
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger unknown = new AtomicInteger();
        List<Thread> requests = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread request = new Thread(() -> {
                while (!stop.get()) {
                    if (store.claim(entry(), WAIT, true) == Claim.UNKNOWN) {
                        unknown.incrementAndGet();
                    }
                    LockSupport.parkNanos(2_000_000); // a request every few ms, not a busy loop
                }
            }, "request-" + t);
            request.setDaemon(true);
            request.start();
            requests.add(request);
        }
        while (unknown.get() < 20) {
            Thread.sleep(10); // claims under way: the writer has inserts to make, the claim threads wait on dead sockets
        }
        TableStore closing = store;
        store = null;
        long start = System.nanoTime();
        closing.close(CLOSE_WAIT); // returns: the test would hang here otherwise, and Surefire's timeout end it
        System.out.println("closed after " + (System.nanoTime() - start) / 1_000_000 + " ms");
        stop.set(true);
        for (Thread t : requests) {
            t.join();
        }
        assertEquals(List.of(), ours(), "no thread of the node's ledger left");
    }

    /** The store's threads still there once those ending have ended: polled, up to 20 s. */
    private static List<String> ours() throws InterruptedException {
        List<String> left = List.of();
        for (int i = 0; i < 400; i++) {
            left = Thread.getAllStackTraces().keySet().stream().map(Thread::getName).filter(n -> n.startsWith(THREADS)).toList();
            if (left.isEmpty()) {
                return left;
            }
            Thread.sleep(50);
        }
        Thread.getAllStackTraces().forEach((t, stack) -> {
            if (t.getName().startsWith(THREADS)) {
                System.out.println("\"" + t.getName() + "\" " + t.getState());
                for (StackTraceElement e : stack) {
                    System.out.println("    at " + e);
                }
            }
        });
        return left;
    }
}
