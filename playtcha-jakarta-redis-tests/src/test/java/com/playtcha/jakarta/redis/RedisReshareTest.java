package com.playtcha.jakarta.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.cluster.counts.SharedLoginFailures;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.Policy;
import com.playtcha.jakarta.core.Verification;
import com.playtcha.jakarta.internal.budget.Stores;
import com.playtcha.jakarta.spi.store.LoginFailures;
import com.playtcha.jakarta.spi.store.Resources;
import com.playtcha.jakarta.spi.store.VerifierClock;
import com.playtcha.jakarta.testing.Fault;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 87, finding 4: back to shared the moment Redis answers again, whatever traffic comes. Two nodes on one
 * {@code redis-server}, both on their own counts while it is killed; it starts again on the same port, and with no
 * login meanwhile each node's reconnection alone brings its counts back to the shared ones (its "shared again" line,
 * awaited, not slept for). Then 3 failures at an account on node A, and a tokenless attempt at it on node B needs a
 * token: B judged it on the shared counts. Before, B judged its first login after the return on its own counts, and
 * let the attempt through (the limit once more per node after every blip). The same for the claims on tokens.
 */
@ExtendWith(PlaytchaSimulatorExtension.class)
class RedisReshareTest {

    private static final byte[] ALICE = "a keyed hash of alice".getBytes(StandardCharsets.UTF_8);
    private static final byte[] BOB = "a keyed hash of bob".getBytes(StandardCharsets.UTF_8);
    private static final Logger COUNTS_LOG = Logger.getLogger(SharedLoginFailures.class.getName());
    private static final Logger CLAIMS_LOG = Logger.getLogger("com.playtcha.jakarta.cluster.ledger.TokenClaims");

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private LoginFailures node(RedisServer server, String name) {
        PlaytchaSettings settings = PlaytchaSettings.builder("sk_test_redis").redisUri(server.uri(0) + "?clientName=" + name)
                .clusterTimeout(Duration.ofSeconds(1)).loginAfterFailures(true).build();
        LoginFailures counts = Stores.loginFailures(settings, VerifierClock.SYSTEM, "playtcha-reshare-" + name, Resources.NONE);
        open.add(counts::close);
        return counts;
    }

    @Test
    @Timeout(300) // a guard only
    void redisRestarted_eachNodeSharesOnItsReconnection_soTheFirstLoginAfterIsJudgedOnTheSharedCounts() throws Exception {
        RedisServer server = RedisServer.start();
        open.add(server);
        LoginFailures a = node(server, "a");
        LoginFailures b = node(server, "b");
        assertNull(a.away());
        assertNull(b.away());

        server.stop();
        for (LoginFailures node : List.of(a, b)) { // a page's check: only a server away puts the node on its own, never "slow"
            RedisFailureTest.await(() -> !node.needsToken(ALICE, "203.0.113.1") && node.away() != null, "the node counts alone");
        }

        CountDownLatch sharedAgain = new CountDownLatch(2);
        Handler lines = sharedAgain(sharedAgain);
        COUNTS_LOG.addHandler(lines);
        boolean told;
        try {
            server.startAgain();
            told = sharedAgain.await(30, TimeUnit.SECONDS); // no login meanwhile: Lettuce's reconnections alone
        } finally {
            COUNTS_LOG.removeHandler(lines);
        }

        for (int i = 0; i < 3; i++) {
            String client = "203.0.113." + (10 + i);
            RedisFailureTest.await(() -> a.admit(ALICE, client), "guess from " + client + " on a (a loaded machine may be slow once)");
            a.admitted(ALICE, client, false);
        }
        assertFalse(b.admit(ALICE, "203.0.113.50"), "b let a 4th guess through: it judged its first login after Redis "
                + "returned on its own counts, not on the shared ones that hold a's 3 failures");
        RedisFailureTest.await(() -> b.admit(BOB, "203.0.113.51"), "another account admitted on b: shared counts, not a slow store's token");
        b.admitted(BOB, "203.0.113.51", true);
        assertTrue(told, "each node said \"Login failure counts are shared again\" on its reconnection, with no login to run a probe");
        assertNull(a.away());
        assertNull(b.away());
        assertEquals(0, sharedAgain.getCount());
    }

    @Test
    @Timeout(300)
    void aNodeStartedWithoutRedis_sharesOnceItConnects_withNoLoginToAskIt() throws Exception {
        RedisServer server = RedisServer.start();
        open.add(server);
        server.stop();
        LoginFailures a = node(server, "a");
        RedisFailureTest.await(() -> !a.needsToken(ALICE, "203.0.113.1") && a.away() != null, "the node counts alone");

        CountDownLatch sharedAgain = new CountDownLatch(1);
        Handler lines = sharedAgain(sharedAgain);
        COUNTS_LOG.addHandler(lines);
        try {
            server.startAgain();
            assertTrue(sharedAgain.await(30, TimeUnit.SECONDS), "the node's link connected (once a second it tries) and its counts "
                    + "said \"shared again\", with no login to run a probe");
        } finally {
            COUNTS_LOG.removeHandler(lines);
        }
        assertNull(a.away());
    }

    /**
     * The claims on tokens, the same: a node whose claims went unanswered while Redis was away asks it again on its
     * reconnection, with no request to claim anything ("claims on tokens are answered by the database again"), and the
     * first request after that fails open has its token claimed for the whole cluster, not held on this node alone.
     * Before, the first claim after the return was held locally while a probe in the background found out.
     */
    @Test
    @Timeout(300)
    void redisRestarted_claimsAreAnsweredOnTheReconnection_soTheFirstClaimAfterIsTheClusters(PlaytchaSimulator sim) throws Exception {
        RedisServer server = RedisServer.start();
        open.add(server);
        sim.inject(Fault.serverError(503, "db_error")); // every verify fails open: each makes a claim
        PlaytchaVerifier verifier = PlaytchaVerifier.create(PlaytchaSettings.builder(sim.secret()).apiUrl(sim.url())
                .redisUri(server.uri(0) + "?clientName=claims").clusterTimeout(Duration.ofSeconds(1)).build());
        open.add(verifier);
        Policy policy = verifier.policy();
        Verification before = verifier.verify(sim.mintToken(), "198.51.100.1", "/login", policy);
        assertTrue(before.proceeds() && !before.heldLocally(), "claimed for the cluster while Redis answers: " + before);

        server.stop();
        RedisFailureTest.await(() -> verifier.verify(sim.mintToken(), "198.51.100.2", "/login", policy).heldLocally(),
                "a claim held on this node while Redis is away");

        CountDownLatch answered = new CountDownLatch(1);
        Handler lines = lines("Playtcha ledger: claims on tokens are answered by the database again", answered);
        CLAIMS_LOG.addHandler(lines);
        try {
            server.startAgain();
            assertTrue(answered.await(30, TimeUnit.SECONDS), "the node's claims said they are answered again on its reconnection, "
                    + "with no request to claim a token");
        } finally {
            CLAIMS_LOG.removeHandler(lines);
        }
        Verification after = verifier.verify(sim.mintToken(), "198.51.100.3", "/login", policy);
        assertTrue(after.proceeds() && !after.heldLocally() && after.ledgerEntry() != null,
                "the first claim after Redis returned was answered by it: " + after);
    }

    /** Counts {@code latch} down at each "... are shared again" line of the login counts. */
    private static Handler sharedAgain(CountDownLatch latch) {
        return lines("{0} are shared again", latch);
    }

    /** Counts {@code latch} down at each line that begins with {@code text} (RedisUndeployTest's too). */
    static Handler lines(String text, CountDownLatch latch) {
        return new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (String.valueOf(r.getMessage()).startsWith(text)) {
                    latch.countDown();
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
    }
}
