package com.playtcha.jakarta.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.cluster.counts.SharedLoginFailures;
import com.playtcha.jakarta.cluster.ledger.LedgerTable;
import com.playtcha.jakarta.testing.Fault;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 87: a failover is the size of the slots it hit. Two instances under load ({@link TwoInstancesLoad}) on a
 * 3+3 Redis Cluster ({@link ClusterNodes}, {@code cluster-require-full-coverage no}: the other primaries serve their
 * slots while one is away), and each kind of primary killed in turn, its replica taking over and the node started
 * again as the new primary's replica: one that serves none of the library's one-slot keys, the login counts' and the
 * ledger's. While a primary fails over, only the parts whose keys it serves fall back: claims are held on their nodes
 * only while the ledger's slot is away, the login counts say they are slow only while theirs is, and no more guesses at
 * one account reach the realm than its limit, at any moment (a primary away in a Cluster asks for a token, never a
 * node's own counts). Before, any primary's failover, even one holding none of the library's keys, sent every node to
 * its own state (Lettuce's Cluster connection tells of its default node only, and one node's failed reconnection was
 * taken as the whole store's). What is asserted is a count, never a time; the times are printed.
 */
@ExtendWith(PlaytchaSimulatorExtension.class)
class RedisClusterFailoverTest {

    /** Held here: JUL keeps its loggers weakly, and one collected loses its handlers. */
    private static final Logger LIBRARY = Logger.getLogger("com.playtcha");

    /** Log lines of the shared parts that say a part fell back, as they come. */
    private final ConcurrentLinkedQueue<String> fellBack = new ConcurrentLinkedQueue<>();

    @Test
    @Timeout(900) // a guard only
    void eachPrimaryKilledInTurn_onlyThePartsOnItsSlotsFallBack_andNoMoreGuessesThanTheLimit(PlaytchaSimulator sim) throws Exception {
        sim.inject(Fault.serverError(503, "db_error")); // every verify fails open: each makes a claim
        Handler lines = new Handler() {
            @Override
            public void publish(LogRecord r) {
                String logger = String.valueOf(r.getLoggerName());
                if (r.getLevel().intValue() >= Level.WARNING.intValue() && (logger.equals(SharedLoginFailures.class.getName())
                        || logger.startsWith(LedgerTable.class.getPackageName()) || logger.equals(RedisTable.class.getName()))) {
                    fellBack.add(logger.substring(logger.lastIndexOf('.') + 1) + ": " + r.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        LIBRARY.addHandler(lines);
        List<String> report = new ArrayList<>();
        try (ClusterNodes cluster = ClusterNodes.start(List.of("--cluster-require-full-coverage", "no"))) {
            TwoInstancesLoad load = new TwoInstancesLoad(sim, cluster.uri(3), 4);
            try {
                load.awaitRounds(100, () -> load.sharedRounds.get() >= 300, "claims answered by the cluster");
                int ledger = cluster.slot(RedisTable.PREFIX + "live");
                int login = cluster.slot(RedisLevels.PREFIX + "x");
                RedisServer ledgerPrimary = cluster.ownerOf(ledger);
                RedisServer loginPrimary = cluster.ownerOf(login);
                RedisServer none = cluster.primaries().stream().filter(p -> p != ledgerPrimary && p != loginPrimary).findFirst()
                        .orElseThrow();

                Window foreign = kill(cluster, load, none, report, "one serving none of the library's keys");
                assertEquals(0, foreign.held, "claims held on their node while a primary serving none of the ledger's keys failed over");
                assertEquals(List.of(), foreign.lines, "parts that fell back while a primary serving none of their keys failed over");

                if (loginPrimary != ledgerPrimary) {
                    Window counts = kill(cluster, load, cluster.ownerOf(login), report, "the login counts'");
                    assertEquals(0, counts.held, "claims held on their node while the login counts' primary failed over");
                    assertTrue(counts.lines.stream().anyMatch(l -> l.startsWith("SharedLoginFailures")), "the login counts met their "
                            + "primary's failover (every login needed a token meanwhile): " + counts.lines);
                    assertTrue(counts.lines.stream().allMatch(l -> l.startsWith("SharedLoginFailures")),
                            "only the login counts fell back: " + counts.lines);
                }

                RedisServer claims = cluster.ownerOf(ledger);
                List<String> claimedBefore = load.recentClaims();
                Window ledgers = kill(cluster, load, claims, report, "the ledger's");
                assertTrue(ledgers.held > 0, "claims were held on their nodes while the ledger's primary failed over");
                if (loginPrimary != ledgerPrimary) {
                    assertTrue(ledgers.lines.stream().noneMatch(l -> l.startsWith("SharedLoginFailures")),
                            "the login counts did not fall back while the ledger's primary failed over: " + ledgers.lines);
                }
                assertEquals(0, load.passAgain(claimedBefore), "tokens claimed before the ledger's failover that passed again after it");
            } finally {
                load.close();
            }
            report.forEach(r -> System.out.println("RedisClusterFailoverTest: " + r));
            System.out.println("RedisClusterFailoverTest: " + load);
            assertTrue(load.guessesAdmitted.get() <= 3, load.guessesAdmitted.get() + " guesses at one account reached the realm over "
                    + "three failovers; its limit is 3");
            assertEquals(0, load.twiceShared.get(), "tokens that passed on both instances with both claims answered");
            assertEquals(0, load.overlong.get(), "calls past cluster.timeout and the margin; the longest took " + load.longest.get() + " ms");
        } finally {
            LIBRARY.removeHandler(lines);
        }
    }

    /** What the load saw from a primary's kill until claims were answered again after its node came back as a replica. */
    private record Window(int held, List<String> lines) {
    }

    /**
     * Kills {@code primary} under load, awaits its replica's promotion, starts it again (it comes back as the new
     * primary's replica) and awaits a round whose claims the cluster answered after that.
     */
    private Window kill(ClusterNodes cluster, TwoInstancesLoad load, RedisServer primary, List<String> report, String which)
            throws Exception {
        int slot = slotOf(cluster, primary);
        fellBack.clear();
        int heldBefore = load.heldLocally.get();
        int guessesBefore = load.guessesAdmitted.get();
        primary.stop();
        long killed = load.mark();
        RedisServer next = SentinelGroup.awaitValue(() -> cluster.ownerOf(slot), p -> p != primary, "a replica takes the slots of "
                + primary.port());
        long tookOver = System.nanoTime();
        primary.startAgain(); // back with its nodes.conf: the new primary's replica
        SentinelGroup.await(() -> SentinelGroup.says(next, "connected_slaves:1"), "the node back replicates " + next.port());
        load.mark();
        load.awaitRounds(200, () -> load.firstShared.get() != 0, "claims answered after the failover");
        Window seen = new Window(load.heldLocally.get() - heldBefore, List.copyOf(fellBack));
        report.add(String.format("primary %s (%d) killed: its replica took its slots after %d ms; claims held on their node meanwhile "
                + "%d, guesses admitted %d; parts that fell back: %s", which, primary.port(),
                TimeUnit.NANOSECONDS.toMillis(tookOver - killed), seen.held, load.guessesAdmitted.get() - guessesBefore, seen.lines));
        return seen;
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
