package com.playtcha.jakarta.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Redis stopped (SIGKILL) and started again, empty, under load: two instances keep verifying tokens in a
 * Playtcha outage (each token posted to one instance, then to the other, its client's budget shared) and
 * admitting login attempts. Asserted: no call waited past {@code cluster.timeout} and a margin a loaded
 * machine keeps (counted, not timed one by one), and no token passed on both instances while both claims
 * were answered by one and the same Redis (not held locally, no restart between): what docs/redis.md says
 * cannot happen. And what the restart forgets of the budgets, every node forgets: they start full.
 *
 * <p>A pass is "answered by Redis" only when the ledger recorded it and the claim was not held locally
 * ({@link TwoInstancesLoad#claimed}): a pass the ledger did not record (full, or closed) asked no store at
 * all. Playtcha is down throughout, so every pass's entry stays open, and the rounds while Redis is away cost
 * no round trip (tens of thousands a second in a warm JVM): the ledgers get room for a long outage, and a pass
 * the ledger did not record fails the test as such, not as a claim Redis answered twice.
 */
@ExtendWith(PlaytchaSimulatorExtension.class)
class RedisRestartTest {

    private static final Duration TIMEOUT = TwoInstancesLoad.TIMEOUT;
    private static final int THREADS = 4;

    @Test
    @Timeout(600)
    void redisRestartedUnderLoad_noCallWaitsPastTheTimeout_andNoTokenPassesTwiceOnOneRedis(PlaytchaSimulator sim) throws Exception {
        sim.inject(Fault.serverError(503, "db_error"));
        try (RedisServer server = RedisServer.start()) {
            List<PlaytchaVerifier> instances = new ArrayList<>();
            List<LoginFailures> counts = new ArrayList<>();
            for (String name : List.of("a", "b")) {
                PlaytchaSettings settings = PlaytchaSettings.builder(sim.secret()).apiUrl(sim.url()).clusterTimeout(TIMEOUT)
                        .redisUri(server.uri(0) + "?clientName=" + name).loginAfterFailures(true) // budgets on, shared
                        .ledgerCapacity(1_000_000).build(); // entries stay open (Playtcha is down): 10,000 filled in a 0.1 s outage
                instances.add(PlaytchaVerifier.create(settings));
                counts.add(Stores.loginFailures(settings, VerifierClock.SYSTEM, "playtcha-restart-" + name, Resources.NONE));
            }
            Policy policy = instances.get(0).policy();
            AtomicLong epoch = new AtomicLong(); // odd while Redis is down, each stop and start one more
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger rounds = new AtomicInteger();
            AtomicInteger overlong = new AtomicInteger();
            AtomicInteger twiceOnOneRedis = new AtomicInteger();
            AtomicInteger twiceOtherwise = new AtomicInteger();
            AtomicInteger unrecorded = new AtomicInteger(); // passes the ledger did not record: no store was asked
            AtomicLong longest = new AtomicLong();
            AtomicLong heldIn = new AtomicLong(-1); // the last epoch in which a claim got no answer (held locally)
            AtomicLong sharedIn = new AtomicLong(-1); // the last epoch in which both of a round's claims were answered
            ExecutorService threads = Executors.newFixedThreadPool(THREADS);
            List<Future<?>> load = new ArrayList<>();
            List<Integer> open;
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                load.add(threads.submit(() -> {
                    for (int i = 0; running.get(); i++) {
                        long before = epoch.get();
                        String token = sim.mintToken();
                        String from = "10.9." + thread + "." + (i & 0xFF); // each client posts every 256th round: within its budget
                        Verification first = timed(() -> instances.get(0).verify(token, from, "/login", policy), overlong, longest);
                        Verification second = timed(() -> instances.get(1).verify(token, from, "/login", policy), overlong, longest);
                        boolean sameRedis = before == epoch.get() && before % 2 == 0;
                        boolean asked = !unrecorded(first) && !unrecorded(second);
                        if (!asked) {
                            unrecorded.incrementAndGet();
                        }
                        if (first.heldLocally() || second.heldLocally()) {
                            heldIn.set(before);
                        } else if (sameRedis && asked) {
                            sharedIn.set(before);
                        }
                        if (first.proceeds() && second.proceeds()) {
                            boolean bothClaimed = TwoInstancesLoad.claimed(first) && TwoInstancesLoad.claimed(second);
                            (sameRedis && bothClaimed ? twiceOnOneRedis : twiceOtherwise).incrementAndGet();
                        }
                        LoginFailures on = counts.get(i % 2);
                        String client = "10.0." + thread + "." + (i & 0xFF);
                        byte[] account = ("user " + thread + " " + i).getBytes(StandardCharsets.UTF_8);
                        if (timed(() -> on.admit(account, client), overlong, longest)) {
                            timed(() -> {
                                on.admitted(account, client, false);
                                return null;
                            }, overlong, longest);
                        }
                        rounds.incrementAndGet();
                    }
                    return null;
                }));
            }
            try {
                awaitRounds(rounds, 50, () -> sharedIn.get() == 0);
                epoch.incrementAndGet();
                server.stop();
                awaitRounds(rounds, 50, () -> heldIn.get() == 1);
                server.startAgain();
                epoch.incrementAndGet();
                awaitRounds(rounds, 100, () -> sharedIn.get() == 2); // claims answered again: the instances share once more
            } finally {
                running.set(false);
                for (Future<?> f : load) {
                    f.get(5, TimeUnit.MINUTES);
                }
                threads.shutdownNow();
                open = instances.stream().mapToInt(v -> v.status().ledgerOpen()).boxed().toList();
                instances.forEach(PlaytchaVerifier::close);
                counts.forEach(LoginFailures::close);
            }
            System.out.printf("RedisRestartTest: %d rounds; longest call %d ms (bound %d ms + margin); past it: %d; a token passed on both "
                    + "instances on one Redis: %d, across the stop or the restart (documented): %d; rounds with a pass the ledger did not "
                    + "record: %d (open entries at the end: %s)%n", rounds.get(), longest.get(), TIMEOUT.toMillis(), overlong.get(),
                    twiceOnOneRedis.get(), twiceOtherwise.get(), unrecorded.get(), open);
            assertEquals(0, overlong.get(), "calls that waited past cluster.timeout and a margin; the longest took " + longest.get() + " ms");
            assertEquals(0, twiceOnOneRedis.get(), "tokens that passed twice with both claims answered by one Redis");
            assertEquals(0, unrecorded.get(), "rounds with a pass the ledger did not record (full or closed: no claim was asked), "
                    + "so the claims of those rounds were not tested; open entries at the end: " + open);
        }
    }

    /**
     * docs/redis.md: after a restart without persistence, budgets start full, on every node. Two clients spend
     * their budgets, one over two instances, the other on a third; Redis is killed and started again, empty,
     * while the first two keep verifying for others (so they see it away, and back) and the third is idle (it
     * sees only its connection lost and made again). Then each client is let through its budget again, on the
     * nodes that served it, as on a node that never did: not refused by what those remember of it.
     */
    @Test
    @Timeout(600)
    void afterARestartWithoutPersistence_aClientsBudgetStartsFull_onTheNodesThatServedIt(PlaytchaSimulator sim) throws Exception {
        int burst = 8;
        try (RedisServer server = RedisServer.start()) {
            List<PlaytchaVerifier> instances = new ArrayList<>();
            for (String name : List.of("a", "b", "idle")) {
                instances.add(PlaytchaVerifier.create(PlaytchaSettings.builder(sim.secret()).apiUrl(sim.url()).clusterTimeout(TIMEOUT)
                        .redisUri(server.uri(0) + "?clientName=" + name).clientBudgetBurst(burst).clientBudgetPerMinute(1).build()));
            }
            try {
                Policy policy = instances.get(0).policy();
                List<PlaytchaVerifier> busy = instances.subList(0, 2);
                List<PlaytchaVerifier> idle = instances.subList(2, 3);
                int before = passes(busy, sim, policy, "198.51.100.71", 4 * burst);
                int beforeIdle = passes(idle, sim, policy, "198.51.100.72", 2 * burst);
                assertTrue(before >= burst && before <= burst + 2, before + " of " + 4 * burst + " before the restart: one budget");
                assertTrue(beforeIdle >= burst && beforeIdle <= burst + 1, beforeIdle + " of " + 2 * burst + " before, on the idle one");

                server.stop();
                awaitAll(busy, sim, policy, v -> v.status().localFault() != null, "each busy instance spends alone while Redis is down");
                server.startAgain();
                awaitAll(busy, sim, policy, v -> v.status().localFault() == null, "each busy instance shares again");

                int after = passes(busy, sim, policy, "198.51.100.71", 4 * burst);
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos(); // the budget refills one a minute
                while (passes(idle, sim, policy, "198.51.100.72", 1) == 0) {
                    assertTrue(System.nanoTime() < deadline, "the idle instance still refuses the client it served before the restart");
                    Thread.sleep(50);
                }
                int afterIdle = 1 + passes(idle, sim, policy, "198.51.100.72", 2 * burst);
                System.out.printf("RedisRestartTest: a client's budget of %d: %d passed before Redis restarted empty, %d after; on the idle "
                        + "instance %d before, %d after%n", burst, before, after, beforeIdle, afterIdle);
                assertTrue(after >= burst && after <= burst + 2, after + " of " + 4 * burst + " after the restart: the budget starts full "
                        + "on the nodes that served the client, and is one budget");
                assertTrue(afterIdle >= burst && afterIdle <= burst + 1, afterIdle + " after the restart on the idle instance");
            } finally {
                instances.forEach(PlaytchaVerifier::close);
            }
        }
    }

    /** Whether {@code v} went on without the ledger recording it (full or closed): no claim was asked of any store. */
    private static boolean unrecorded(Verification v) {
        return v.proceeds() && v.decision().failedOpen() && v.ledgerEntry() == null;
    }

    /** How many of {@code posts} verifies of {@code client}, over the instances in turn, Playtcha was asked for and passed. */
    private static int passes(List<PlaytchaVerifier> instances, PlaytchaSimulator sim, Policy policy, String client, int posts) {
        int passed = 0;
        for (int i = 0; i < posts; i++) {
            if (instances.get(i % instances.size()).verify(sim.mintToken(), client, "/signup", policy).proceeds()) {
                passed++;
            }
        }
        return passed;
    }

    /** Until every instance shows {@code seen}, verifying for clients of no interest meanwhile (a budget's probe needs a verify). */
    private static void awaitAll(List<PlaytchaVerifier> instances, PlaytchaSimulator sim, Policy policy,
            java.util.function.Predicate<PlaytchaVerifier> seen, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        for (int i = 0; !instances.stream().allMatch(seen); i++) {
            assertTrue(System.nanoTime() < deadline, "not within 2 minutes: " + what);
            for (PlaytchaVerifier v : instances) {
                v.verify(sim.mintToken(), "203.0.113." + (i % 200 + 1), "/signup", policy);
            }
            Thread.sleep(20);
        }
    }

    /** Until {@code more} rounds went by and {@code seen} holds. */
    private static void awaitRounds(AtomicInteger rounds, int more, java.util.function.BooleanSupplier seen) throws InterruptedException {
        int target = rounds.get() + more;
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (rounds.get() < target || !seen.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "the load stopped going on: " + rounds.get() + " rounds");
            Thread.sleep(10);
        }
    }

    private static <T> T timed(java.util.concurrent.Callable<T> call, AtomicInteger overlong, AtomicLong longest) throws Exception {
        return TwoInstancesLoad.timed(call, overlong, longest);
    }
}
