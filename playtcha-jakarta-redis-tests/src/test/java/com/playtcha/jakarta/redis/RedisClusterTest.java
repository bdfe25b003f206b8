package com.playtcha.jakarta.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.Policy;
import com.playtcha.jakarta.core.Verification;
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.internal.budget.Stores;
import com.playtcha.jakarta.spi.store.LoginFailures;
import com.playtcha.jakarta.spi.store.Resources;
import com.playtcha.jakarta.spi.store.VerifierClock;
import com.playtcha.jakarta.testing.Fault;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two application instances on one real {@code redis-server}, each a verifier (or the login counts) built
 * from settings alone, as an application builds them: {@code playtcha.redis.uri} is all that is set, and
 * the core finds the cluster module and it this module. Each instance has a connection of its own (its
 * URI names another {@code clientName}). What is asserted is a count, never a time.
 */
@ExtendWith(PlaytchaSimulatorExtension.class)
class RedisClusterTest {

    private static RedisServer server;

    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        server = RedisServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void empty() {
        server.send("FLUSHALL");
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    /** Instance {@code name}'s settings: its own connection to the one server. */
    static PlaytchaSettings.Builder instance(PlaytchaSimulator sim, String name) {
        return PlaytchaSettings.builder(sim.secret()).apiUrl(sim.url()).redisUri(server.uri(0) + "?clientName=" + name)
                .clusterTimeout(PlaytchaSettings.MAX_CLUSTER_TIMEOUT); // a busy machine: nothing here is to time out
    }

    private PlaytchaVerifier verifier(PlaytchaSettings settings) {
        PlaytchaVerifier verifier = PlaytchaVerifier.create(settings);
        open.add(verifier);
        return verifier;
    }

    @Test
    void oneTokenInAPlaytchaOutage_postedAtOnceToBothInstances_passesOnce_theRestAlreadyRedeemed(PlaytchaSimulator sim) throws Exception {
        sim.inject(Fault.serverError(503, "db_error"));
        List<PlaytchaVerifier> instances = List.of(verifier(instance(sim, "a").build()), verifier(instance(sim, "b").build()));
        Policy policy = instances.get(0).policy();
        for (int round = 0; round < 5; round++) {
            String token = sim.mintToken();
            List<Callable<Verification>> posts = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                PlaytchaVerifier on = instances.get(i % 2);
                posts.add(() -> on.verify(token, null, "/login", policy));
            }
            List<Verification> decided = all(posts);
            assertEquals(1, decided.stream().filter(Verification::proceeds).count(), "one pass: " + decided);
            assertTrue(decided.stream().filter(v -> !v.proceeds()).allMatch(v -> "already_redeemed".equals(v.result().errorCode())),
                    "the others are replays: " + decided);
            assertTrue(decided.stream().noneMatch(Verification::heldLocally), "held for the cluster: " + decided);
        }
    }

    @Test
    void aClientsBudget_isSharedByBothInstances(PlaytchaSimulator sim) {
        int burst = 5;
        List<PlaytchaVerifier> instances = new ArrayList<>();
        for (String name : List.of("a", "b")) {
            instances.add(verifier(instance(sim, name).clientBudgetBurst(burst).clientBudgetPerMinute(1).build()));
        }
        Policy policy = instances.get(0).policy();
        int verified = 0;
        for (int i = 0; i < 4 * burst; i++) {
            if (instances.get(i % 2).verify(sim.mintToken(), "198.51.100.20", "/signup", policy).result() instanceof VerificationResult.Verified) {
                verified++;
            }
        }
        // One budget and what each instance spends before telling the other (a tenth of the burst, at least one): not two budgets.
        assertTrue(verified >= burst && verified <= burst + 2, verified + " of " + 4 * burst + " verified");
        instances.forEach(v -> assertNull(v.status().localFault()));
    }

    @Test
    void twentyFourWrongGuessesAtOnce_atOneAccountOverBothInstances_reachTheUserStoreAtMostTheAccountsLimit(PlaytchaSimulator sim)
            throws Exception {
        List<LoginFailures> instances = new ArrayList<>();
        for (String name : List.of("a", "b")) {
            PlaytchaSettings settings = instance(sim, name).loginAfterFailures(true).build();
            LoginFailures counts = Stores.loginFailures(settings, VerifierClock.SYSTEM, "playtcha-verifier-" + name, Resources.NONE);
            open.add(counts::close);
            assertFalse(counts.getClass().getSimpleName().startsWith("Local"), "the shared counts, found from the settings: " + counts);
            instances.add(counts);
        }
        byte[] account = "a keyed hash of alice".getBytes(StandardCharsets.UTF_8);
        AtomicInteger userStore = new AtomicInteger();
        List<Callable<Boolean>> guesses = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            LoginFailures on = instances.get(i % 2);
            String client = "203.0.113." + (i + 1); // each guess from a client of its own: only the account's count holds
            guesses.add(() -> {
                if (!on.admit(account, client)) {
                    return false; // asked for a token: the user store is not asked
                }
                userStore.incrementAndGet();
                on.admitted(account, client, false); // a wrong password
                return true;
            });
        }
        all(guesses);
        System.out.println("RedisClusterTest: 24 simultaneous wrong guesses over two instances reached the user store " + userStore.get() + " times");
        assertTrue(userStore.get() <= 3, userStore.get() + " guesses reached the user store; the account's limit is 3");
        assertTrue(instances.get(0).needsToken(account, "203.0.113.200") || userStore.get() < 3, "the account now needs a token");
    }

    /** Runs every call at once (one thread each, started together) and returns their answers. */
    static <T> List<T> all(List<Callable<T>> calls) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(calls.size());
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> call : calls) {
                futures.add(threads.submit(() -> {
                    go.await();
                    return call.call();
                }));
            }
            go.countDown();
            List<T> answers = new ArrayList<>();
            for (Future<T> f : futures) {
                answers.add(f.get(5, TimeUnit.MINUTES));
            }
            return answers;
        } finally {
            threads.shutdownNow();
        }
    }
}
