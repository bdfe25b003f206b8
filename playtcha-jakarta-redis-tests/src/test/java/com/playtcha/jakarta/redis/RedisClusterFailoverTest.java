package com.playtcha.jakarta.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.testing.Fault;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 87: a failover is the size of the slots it hit. Two instances under load ({@link TwoInstancesLoad}) on a
 * 3+3 Redis Cluster ({@link ClusterNodes}, {@code cluster-require-full-coverage no}: the other primaries serve their
 * slots while one is away), and each kind of primary killed in turn, its replica taking over and the node started
 * again as the new primary's replica ({@link Failovers}): one that serves none of the library's one-slot keys, the
 * login counts' and the ledger's. While a primary fails over, only the parts whose keys it serves fall back: claims are
 * held on their nodes only while the ledger's slot is away, the login counts say they are slow only while theirs is,
 * and no more guesses at one account reach the realm than its limit, at any moment (a primary away in a Cluster asks
 * for a token, never a node's own counts). Before, any primary's failover, even one holding none of the library's keys,
 * sent every node to its own state (Lettuce's Cluster connection tells of its default node only, and one node's failed
 * reconnection was taken for the whole store's). What is asserted is a count, never a time; the figures are printed
 * ({@link RedisFailoverBenchmark} measures them for docs/redis.md).
 */
@ExtendWith(PlaytchaSimulatorExtension.class)
class RedisClusterFailoverTest {

    @Test
    @Timeout(900) // a guard only
    void eachPrimaryKilledInTurn_onlyThePartsOnItsSlotsFallBack_andNoMoreGuessesThanTheLimit(PlaytchaSimulator sim) throws Exception {
        sim.inject(Fault.serverError(503, "db_error")); // every verify fails open: each makes a claim
        try (ClusterNodes cluster = ClusterNodes.start(List.of("--cluster-require-full-coverage", "no"))) {
            // 2 s, not the load's 500 ms: what this asserts is which parts fall back by slot, and on a loaded machine a
            // healthy slot's call can take half a second while Lettuce refreshes its topology after another slot's failover
            TwoInstancesLoad load = new TwoInstancesLoad(sim, cluster.uri(3), 4, Duration.ofSeconds(2));
            List<Failovers.Seen> seen = new ArrayList<>();
            try (Failovers failovers = new Failovers(load)) {
                load.awaitRounds(100, () -> load.sharedRounds.get() >= 300, "claims answered by the cluster");
                int ledger = cluster.slot(RedisKeys.LEDGER + "live");
                int login = cluster.slot(RedisKeys.LOGIN + "x");
                RedisServer ledgerPrimary = cluster.ownerOf(ledger);
                RedisServer loginPrimary = cluster.ownerOf(login);
                RedisServer none = cluster.primaries().stream().filter(p -> p != ledgerPrimary && p != loginPrimary).findFirst()
                        .orElseThrow();

                Failovers.Seen foreign = kill(failovers, cluster, none, "one serving none of the library's keys");
                seen.add(foreign);
                assertEquals(0, foreign.held(), "claims held on their node while a primary serving none of the ledger's keys failed over");
                assertEquals(List.of(), slotted(foreign), "parts on one slot that fell back while a primary serving none of "
                        + "their keys failed over: " + foreign.lines());

                if (loginPrimary != ledgerPrimary) {
                    Failovers.Seen counts = kill(failovers, cluster, cluster.ownerOf(login), "the login counts' ({login})");
                    seen.add(counts);
                    assertEquals(0, counts.held(), "claims held on their node while the login counts' primary failed over");
                    assertEquals(List.of("SharedLoginFailures"), slotted(counts), "of the parts on one slot, only the login counts "
                            + "fell back, and they did (every login needed a token meanwhile): " + counts.lines());
                }

                List<String> claimedBefore = load.recentClaims();
                Failovers.Seen ledgers = kill(failovers, cluster, cluster.ownerOf(ledger), "the ledger's ({ledger})");
                seen.add(ledgers);
                assertTrue(ledgers.held() > 0, "claims were held on their nodes while the ledger's primary failed over");
                if (loginPrimary != ledgerPrimary) {
                    assertTrue(!slotted(ledgers).contains("SharedLoginFailures"), "the login counts did not fall back while the "
                            + "ledger's primary failed over: " + ledgers.lines());
                }
                assertEquals(0, load.passAgain(claimedBefore), "tokens claimed before the ledger's failover that passed again after it");
            } finally {
                load.close();
            }
            seen.forEach(s -> System.out.println("RedisClusterFailoverTest: " + s));
            System.out.println("RedisClusterFailoverTest: " + load);
            assertTrue(load.guessesAdmitted.get() <= 3, load.guessesAdmitted.get() + " guesses at one account reached the realm over "
                    + "three failovers; its limit is 3");
            assertEquals(0, load.twiceShared.get(), "tokens that passed on both instances with both claims answered");
            assertEquals(0, load.overlong.get(), "calls past cluster.timeout and the margin; the longest took " + load.longest.get() + " ms");
        }
    }

    /**
     * The parts that fell back, less the budgets: their keys spread over every slot, so any primary's failover puts a
     * node's budgets on its own buckets until Redis answers a probe (docs/redis.md, "When a part fails"); the ledger and
     * the login counts are each on one slot.
     */
    private static List<String> slotted(Failovers.Seen seen) {
        return seen.parts().stream().filter(p -> !p.equals("SharedBudgets")).toList();
    }

    /**
     * Kills {@code primary} under load (SIGKILL), awaits its replica's promotion, starts it again (it comes back as
     * the new primary's replica, with its nodes.conf) and awaits a round whose claims the cluster answered after that.
     */
    static Failovers.Seen kill(Failovers failovers, ClusterNodes cluster, RedisServer primary, String which) throws Exception {
        int slot = slotOf(cluster, primary);
        RedisServer[] next = new RedisServer[1];
        return failovers.observe(which, primary::stop,
                () -> next[0] = SentinelGroup.awaitValue(() -> cluster.ownerOf(slot), p -> p != primary, "a replica takes the slots of "
                        + primary.port()),
                () -> {
                    primary.startAgain();
                    SentinelGroup.await(() -> SentinelGroup.says(next[0], "connected_slaves:1"), "the node back replicates "
                            + next[0].port());
                });
    }

    /** A slot {@code primary} serves now. */
    private static int slotOf(ClusterNodes cluster, RedisServer primary) {
        for (int i = 0;; i++) {
            int slot = cluster.slot("k" + i);
            if (cluster.ownerOf(slot) == primary) {
                return slot;
            }
        }
    }
}
