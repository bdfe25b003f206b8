package com.playtcha.jakarta.redis;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.Policy;
import com.playtcha.jakarta.core.Verification;
import com.playtcha.jakarta.internal.budget.Stores;
import com.playtcha.jakarta.spi.store.LoginFailures;
import com.playtcha.jakarta.spi.store.Resources;
import com.playtcha.jakarta.spi.store.VerifierClock;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Two application instances on one shared Redis (a server, a Sentinel group, a Redis Cluster: whatever
 * the URI names), each a verifier and login counts built from settings alone, under load from a few
 * threads while a test fails something over, and what the load saw, counted: in a Playtcha outage each
 * token is posted to one instance and then to the other (passes on both with both claims answered by the
 * shared store: the one promise a failover must not break; claims held on one node: documented), a
 * greedy client spends its budget over both, an attacker guesses at one account from a new address each
 * time over both (its limit), and no call may wait past {@code cluster.timeout} and a margin a loaded
 * machine keeps. What is asserted is a count, never one call's time.
 */
final class TwoInstancesLoad implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofMillis(500);
    /** What a loaded machine adds to a call's bound, at most. */
    static final Duration MARGIN = Duration.ofSeconds(3);
    static final int BURST = 20;
    private final Duration timeout;
    /** What a node lets through untold at that burst (a tenth of it): {@code SharedBudgets.unsynchronized}. */
    static final int UNTOLD = 2;
    static final String GREEDY = "198.51.100.200";

    private final PlaytchaSimulator sim;
    private final List<PlaytchaVerifier> instances = new ArrayList<>();
    private final List<LoginFailures> counts = new ArrayList<>();
    private final Policy policy;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final ExecutorService threads;
    private final List<Future<?>> load = new ArrayList<>();
    final AtomicInteger rounds = new AtomicInteger();
    final AtomicInteger overlong = new AtomicInteger();
    final AtomicLong longest = new AtomicLong();
    /** Tokens that passed on both instances, both claims answered by the shared store. */
    final AtomicInteger twiceShared = new AtomicInteger();
    /** Tokens whose claim one instance held on its own (the store did not answer in time). */
    final AtomicInteger heldLocally = new AtomicInteger();
    /** Rounds whose claims the shared store answered. */
    final AtomicInteger sharedRounds = new AtomicInteger();
    final AtomicInteger greedyPassed = new AtomicInteger();
    final AtomicInteger guessesAdmitted = new AtomicInteger();
    /** The tokens instance a claimed in the shared ledger lately, and when: the last {@link #RECENT} of them. */
    private final java.util.concurrent.ConcurrentLinkedDeque<String> recent = new java.util.concurrent.ConcurrentLinkedDeque<>();
    private static final int RECENT = 2_000;
    /** From when (System.nanoTime) {@link #firstShared} looks. */
    private volatile long mark = Long.MAX_VALUE;
    /** When the first round since {@link #mark} with a claim the shared store answered ended; 0 before. */
    final AtomicLong firstShared = new AtomicLong();
    /** When (System.nanoTime) the last round with both claims answered ended. */
    final AtomicLong lastShared = new AtomicLong();
    final AtomicLong lastHeld = new AtomicLong();

    TwoInstancesLoad(PlaytchaSimulator sim, String uri, int threadCount) {
        this(sim, uri, threadCount, TIMEOUT);
    }

    /** The same with {@code timeout} as each instance's {@code cluster.timeout}, and the bound its calls are held to. */
    TwoInstancesLoad(PlaytchaSimulator sim, String uri, int threadCount, Duration timeout) {
        this.sim = sim;
        this.timeout = timeout;
        for (String name : List.of("a", "b")) {
            String own = uri + (uri.contains("#") ? "" : (uri.contains("?") ? "&" : "?") + "clientName=" + name);
            PlaytchaSettings settings = PlaytchaSettings.builder(sim.secret()).apiUrl(sim.url()).clusterTimeout(timeout).redisUri(own)
                    .loginAfterFailures(true).clientBudgetBurst(BURST).clientBudgetPerMinute(1).ledgerCapacity(1_000_000).build();
            instances.add(PlaytchaVerifier.create(settings));
            counts.add(Stores.loginFailures(settings, VerifierClock.SYSTEM, "playtcha-load-" + name, Resources.NONE));
        }
        policy = instances.get(0).policy();
        threads = Executors.newFixedThreadPool(threadCount);
        for (int t = 0; t < threadCount; t++) {
            int thread = t;
            load.add(threads.submit(() -> {
                for (int i = 0; running.get(); i++) {
                    round(thread, i);
                }
                return null;
            }));
        }
    }

    private void round(int thread, int i) throws Exception {
        String token = sim.mintToken();
        String from = "10.7." + thread + "." + (i & 0xFF);
        Verification first = timed(() -> instances.get(0).verify(token, from, "/login", policy));
        if (claimed(first)) {
            recent.addFirst(token);
            if (recent.size() > RECENT) {
                recent.pollLast();
            }
        }
        Verification second = timed(() -> instances.get(1).verify(token, from, "/login", policy));
        if (first.heldLocally() || second.heldLocally()) {
            heldLocally.incrementAndGet();
            lastHeld.set(System.nanoTime());
        } else if (claimed(first) || claimed(second)) {
            long now = System.nanoTime();
            lastShared.set(now);
            sharedRounds.incrementAndGet();
            if (now - mark > 0) {
                firstShared.compareAndSet(0, now);
            }
            if (claimed(first) && claimed(second)) {
                twiceShared.incrementAndGet();
            }
        }
        if (timed(() -> instances.get(i % 2).verify(sim.mintToken(), GREEDY, "/signup", policy)).proceeds()) {
            greedyPassed.incrementAndGet();
        }
        LoginFailures on = counts.get(i % 2);
        byte[] victim = "a keyed hash of the victim".getBytes(StandardCharsets.UTF_8);
        String guessFrom = "10.8." + thread + "." + (i & 0xFF);
        if (timed(() -> on.admit(victim, guessFrom))) {
            guessesAdmitted.incrementAndGet();
            timed(() -> {
                on.admitted(victim, guessFrom, false);
                return null;
            });
        }
        rounds.incrementAndGet();
        Thread.sleep(10); // a pace, not a wait: about two hundred rounds a second, as an outage under a busy site brings
    }

    /** Whether the verify went on with its token claimed in the shared ledger (recorded there, not held on its node alone). */
    static boolean claimed(Verification v) {
        return v.proceeds() && v.ledgerEntry() != null && !v.heldLocally();
    }

    private <T> T timed(Callable<T> call) throws Exception {
        return timed(call, timeout, overlong, longest);
    }

    /** {@code call}'s answer; its time kept in {@code longest}, and counted in {@code overlong} when past the timeout and margin. */
    static <T> T timed(Callable<T> call, AtomicInteger overlong, AtomicLong longest) throws Exception {
        return timed(call, TIMEOUT, overlong, longest);
    }

    private static <T> T timed(Callable<T> call, Duration timeout, AtomicInteger overlong, AtomicLong longest) throws Exception {
        long start = System.nanoTime();
        try {
            return call.call();
        } finally {
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            longest.accumulateAndGet(took, Math::max);
            if (took > timeout.plus(MARGIN).toMillis()) {
                overlong.incrementAndGet();
            }
        }
    }

    /** Until {@code more} rounds went by and {@code seen} holds (at most five minutes). */
    void awaitRounds(int more, BooleanSupplier seen, String what) throws InterruptedException {
        int target = rounds.get() + more;
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (rounds.get() < target || !seen.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "not within 5 minutes (" + rounds.get() + " rounds): " + what);
            Thread.sleep(10);
        }
    }

    /** From now on, {@link #firstShared} waits for the next round whose claim the shared store answers; now. */
    long mark() {
        firstShared.set(0);
        mark = System.nanoTime();
        return mark;
    }

    /** The tokens instance a claimed last (up to {@value #RECENT}), newest first. */
    List<String> recentClaims() {
        return List.copyOf(recent);
    }

    /**
     * Posts each of {@code tokens} to instance b: how many passed with a claim the shared ledger answered (a token
     * instance a claimed before, so each such pass is a second one).
     */
    int passAgain(List<String> tokens) {
        int again = 0;
        for (String token : tokens) {
            if (claimed(instances.get(1).verify(token, "10.6.0.1", "/login", policy))) {
                again++;
            }
        }
        return again;
    }

    List<PlaytchaVerifier> instances() {
        return instances;
    }

    @Override
    public void close() throws Exception {
        running.set(false);
        try {
            for (Future<?> f : load) {
                f.get(5, TimeUnit.MINUTES);
            }
        } finally {
            threads.shutdownNow();
            instances.forEach(PlaytchaVerifier::close);
            counts.forEach(LoginFailures::close);
        }
    }

    @Override
    public String toString() {
        return String.format("%d rounds; longest call %d ms (bound %d ms + margin), past it %d; tokens passed twice with both claims "
                + "answered %d, claims held locally %d; greedy client let through %d (burst %d); guesses at one account admitted %d",
                rounds.get(), longest.get(), timeout.toMillis(), overlong.get(), twiceShared.get(), heldLocally.get(), greedyPassed.get(),
                BURST, guessesAdmitted.get());
    }
}
