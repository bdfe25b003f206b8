package com.playtcha.jakarta.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.InvalidSettingException;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.Policy;
import com.playtcha.jakarta.core.Setting;
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
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A Redis Cluster of real {@code redis-server}s (three primaries, a replica each: {@link ClusterNodes}),
 * named by one node (the library asks it, and finds the others) or by several. Two instances share through
 * it what they share through one server: one pass per token, one budget, one limit an account, each of the
 * ledger's and the login counts' scripts on keys of one slot (hash tags), every key of a login on one node. Then
 * the slots of the login counts, of the ledger and a third of the others move to another primary under load
 * ({@link TwoInstancesLoad}): no token passes on both instances with both claims answered, no budget or limit goes past
 * what docs/cluster.md allows, and no call waits past {@code cluster.timeout} (and a loaded machine's margin). Primaries
 * killed: {@link RedisClusterFailoverTest}.
 */
@ExtendWith(PlaytchaSimulatorExtension.class)
class RedisClusterModeTest {

    private static ClusterNodes cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = ClusterNodes.start();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Timeout(600)
    void twoInstancesOnOneNodesName_shareATokensPass_aBudget_andAnAccountsLimit(PlaytchaSimulator sim) throws Exception {
        List<AutoCloseable> open = new ArrayList<>();
        try {
            List<PlaytchaVerifier> instances = new ArrayList<>();
            List<LoginFailures> counts = new ArrayList<>();
            for (String name : List.of("a", "b")) {
                PlaytchaSettings settings = PlaytchaSettings.builder(sim.secret()).apiUrl(sim.url()).redisUri(cluster.uri(1) + "?clientName="
                        + name).clusterTimeout(PlaytchaSettings.MAX_CLUSTER_TIMEOUT).loginAfterFailures(true).clientBudgetBurst(5)
                        .clientBudgetPerMinute(1).build();
                PlaytchaVerifier v = PlaytchaVerifier.create(settings);
                open.add(v);
                instances.add(v);
                LoginFailures c = Stores.loginFailures(settings, VerifierClock.SYSTEM, "playtcha-cluster-" + name, Resources.NONE);
                open.add(c::close);
                counts.add(c);
            }
            Policy policy = instances.get(0).policy();
            int verified = 0;
            for (int i = 0; i < 20; i++) {
                verified += instances.get(i % 2).verify(sim.mintToken(), "198.51.100.20", "/signup", policy).proceeds() ? 1 : 0;
            }
            assertTrue(verified >= 5 && verified <= 7, verified + " of 20 verified: one budget of 5");

            sim.inject(Fault.serverError(503, "db_error"));
            String token = sim.mintToken();
            List<Callable<Verification>> posts = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                PlaytchaVerifier on = instances.get(i % 2);
                posts.add(() -> on.verify(token, null, "/login", policy));
            }
            List<Verification> decided = RedisClusterTest.all(posts);
            assertEquals(1, decided.stream().filter(Verification::proceeds).count(), "one pass: " + decided);
            assertTrue(decided.stream().noneMatch(Verification::heldLocally), "held for the cluster: " + decided);

            byte[] account = "a keyed hash of alice".getBytes(StandardCharsets.UTF_8);
            AtomicInteger reached = new AtomicInteger();
            List<Callable<Boolean>> guesses = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                LoginFailures on = counts.get(i % 2);
                String client = "203.0.113." + (i + 1);
                guesses.add(() -> {
                    if (on.admit(account, client)) {
                        reached.incrementAndGet();
                        on.admitted(account, client, false);
                    }
                    return true;
                });
            }
            RedisClusterTest.all(guesses);
            assertTrue(reached.get() <= 3, reached.get() + " of 24 simultaneous guesses reached the user store; the limit is 3");
            RedisServer login = cluster.ownerOf(cluster.slot(RedisKeys.LOGIN + "x"));
            for (RedisServer primary : cluster.primaries()) { // all of a login's keys, the application's rate too, on one node
                List<String> logins = primary.reply("KEYS playtcha:*").stream().filter(k -> !k.startsWith(RedisKeys.LEDGER)
                        && !k.startsWith(RedisKeys.BUDGETS)).toList();
                assertTrue(primary == login ? logins.stream().anyMatch(k -> k.startsWith(RedisKeys.LOGIN_RATE)) : logins.isEmpty(),
                        "the login counts' keys on " + primary.port() + " (their slot's node: " + login.port() + "): " + logins);
            }
            instances.forEach(v -> assertNull(v.status().localFault(), "shared"));
        } finally {
            sim.clearFaults();
            for (AutoCloseable c : open) {
                c.close();
            }
        }
    }

    @Test
    @Timeout(900)
    void slotsMovedUnderLoad_theLoginCountsTheLedgerAndAThird_keepThePromisesOfACluster(PlaytchaSimulator sim) throws Exception {
        sim.inject(Fault.serverError(503, "db_error"));
        TwoInstancesLoad load = new TwoInstancesLoad(sim, cluster.uri(3), 4);
        long moving;
        long moved;
        try {
            load.awaitRounds(100, () -> load.sharedRounds.get() >= 300, "claims answered by the cluster");
            moving = System.nanoTime();
            int login = cluster.slot(RedisKeys.LOGIN + "x");
            int ledger = cluster.slot(RedisKeys.LEDGER + "live");
            RedisServer from = cluster.ownerOf(login);
            RedisServer to = cluster.primaries().stream().filter(p -> p != from).findFirst().orElseThrow();
            cluster.moveSlot(login, from, to);
            RedisServer ledgerFrom = cluster.ownerOf(ledger);
            RedisServer ledgerTo = cluster.primaries().stream().filter(p -> p != ledgerFrom).findFirst().orElseThrow();
            cluster.moveSlot(ledger, ledgerFrom, ledgerTo);
            cluster.reshard(from, to, 5461 / 2);
            moved = System.nanoTime();
            int sharedBefore = load.sharedRounds.get();
            load.awaitRounds(300, () -> load.sharedRounds.get() > sharedBefore + 100, "claims answered after the move");
        } finally {
            load.close();
        }
        System.out.printf("RedisClusterModeTest: the login counts' slot, the ledger's and 2,730 others moved in %d ms under load; %s%n",
                TimeUnit.NANOSECONDS.toMillis(moved - moving), load);
        assertEquals(0, load.overlong.get(), "calls past cluster.timeout and the margin; the longest took " + load.longest.get() + " ms");
        assertEquals(0, load.twiceShared.get(), "tokens that passed on both instances with both claims answered");
        int nodes = load.instances().size();
        assertTrue(load.greedyPassed.get() <= (1 + nodes) * TwoInstancesLoad.BURST + nodes * TwoInstancesLoad.UNTOLD,
                load.greedyPassed.get() + " verifies of one client");
        assertTrue(load.guessesAdmitted.get() <= (1 + nodes) * 3 + nodes, load.guessesAdmitted.get() + " guesses at one account");
    }

    @Test
    @Timeout(300)
    void aDatabaseIndexOtherThanZero_failsTheStart_aClusterHasOne() {
        for (int seeds : List.of(1, 2)) { // one node: Redis refuses the SELECT; several: the library knows before it asks
            PlaytchaSettings settings = PlaytchaSettings.builder("sk_test_redis").redisUri(cluster.uri(seeds) + "/2")
                    .clusterTimeout(Duration.ofMillis(250)).loginAfterFailures(true).build();
            InvalidSettingException e = assertThrows(InvalidSettingException.class,
                    () -> Stores.loginFailures(settings, VerifierClock.SYSTEM, "playtcha-cluster-db", Resources.NONE).close());
            assertEquals(Setting.REDIS_URI, e.setting());
            assertTrue(e.getMessage().contains("cluster mode") || e.getMessage().contains("database 0"), e.getMessage());
        }
    }
}
