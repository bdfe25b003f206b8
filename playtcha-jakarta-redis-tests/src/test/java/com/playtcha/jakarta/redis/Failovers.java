package com.playtcha.jakarta.redis;

import com.playtcha.jakarta.cluster.counts.SharedBudgets;
import com.playtcha.jakarta.cluster.counts.SharedLoginFailures;
import com.playtcha.jakarta.cluster.ledger.LedgerTable;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Failovers under load, observed: what two instances' load ({@link TwoInstancesLoad}) and the shared parts'
 * WARNING lines saw from a primary's kill until claims were answered again, the killed node back as a replica.
 * {@link RedisClusterFailoverTest} asserts on what it sees, {@link RedisFailoverBenchmark} prints it.
 */
final class Failovers implements AutoCloseable {

    /** Held here: JUL keeps its loggers weakly, and one collected loses its handlers. */
    private static final Logger LIBRARY = Logger.getLogger("com.playtcha");

    private final TwoInstancesLoad load;
    /** The shared parts' WARNING lines since the last kill: the part's class, then the line's beginning. */
    private final ConcurrentLinkedQueue<String> fellBack = new ConcurrentLinkedQueue<>();
    private final Handler lines = new Handler() {
        @Override
        public void publish(LogRecord r) {
            String logger = String.valueOf(r.getLoggerName());
            if (r.getLevel().intValue() >= Level.WARNING.intValue() && (logger.equals(SharedLoginFailures.class.getName())
                    || logger.equals(SharedBudgets.class.getName()) || logger.startsWith(LedgerTable.class.getPackageName())
                    || logger.startsWith(RedisTable.class.getPackageName()))) {
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

    Failovers(TwoInstancesLoad load) {
        this.load = load;
        LIBRARY.addHandler(lines);
    }

    /** A step of a failover: kill, await the promotion, bring the node back. */
    interface Step {
        void run() throws Exception;
    }

    /**
     * What one failover cost, from the kill: when a replica served the primary's part ({@code promoted}), when a
     * claim was answered by the store again ({@code answered}; at once where the ledger's primary was not the one
     * killed), the claims held on their node meanwhile, the guesses at one account that reached the realm, the
     * longest call, and the shared parts' WARNING lines.
     */
    record Seen(String which, long promotedMillis, long answeredMillis, int held, int guesses, long longestMillis, List<String> lines) {

        /** The parts that fell back, by their lines' classes. */
        List<String> parts() {
            return lines.stream().map(l -> l.substring(0, l.indexOf(':'))).distinct().sorted().toList();
        }

        /** A row of the report's table. */
        String row() {
            return String.format("| %s | %,d | %,d | %,d | %d | %,d | %s |", which, promotedMillis, answeredMillis, held, guesses,
                    longestMillis, parts().isEmpty() ? "none" : String.join(", ", parts()));
        }
    }

    /** The head of {@link Seen#row}'s table. */
    static final String HEAD = "| Primary killed | Replica serving after (ms) | Claims answered again after (ms) | Claims held on "
            + "their node | Guesses reaching the realm | Longest call (ms) | Parts that fell back (WARNING) |\n|---|---:|---:|---:|---:|---:|---|";

    /**
     * Kills a primary ({@code kill}), awaits its replica's promotion ({@code promoted}), brings the node back as a
     * replica ({@code back}), and awaits a round whose claims the store answered; what the load saw meanwhile.
     */
    Seen observe(String which, Step kill, Step promoted, Step back) throws Exception {
        fellBack.clear();
        int held = load.heldLocally.get();
        int guesses = load.guessesAdmitted.get();
        long longestBefore = load.longest.getAndSet(0);
        kill.run();
        long killed = load.mark();
        promoted.run();
        long promotedAt = System.nanoTime();
        back.run();
        load.awaitRounds(200, () -> load.firstShared.get() != 0, "claims answered after the failover");
        Seen seen = new Seen(which, TimeUnit.NANOSECONDS.toMillis(promotedAt - killed),
                TimeUnit.NANOSECONDS.toMillis(load.firstShared.get() - killed), load.heldLocally.get() - held,
                load.guessesAdmitted.get() - guesses, load.longest.get(), List.copyOf(fellBack));
        load.longest.accumulateAndGet(longestBefore, Math::max);
        return seen;
    }

    @Override
    public void close() {
        LIBRARY.removeHandler(lines);
    }
}
