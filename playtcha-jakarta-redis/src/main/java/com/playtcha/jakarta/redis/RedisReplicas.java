package com.playtcha.jakarta.redis;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether the replicas of the primary that holds the ledger, where one may take over (a Sentinel group, a
 * Redis Cluster), take the claims on tokens in time. A claim is answered only once a replica has it
 * ({@code WAIT}), so a failover cannot lose it: a Sentinel promotes a replica that was cut off from its
 * primary for a while, so a claim on a primary with no replica connected is not safe either. One that no
 * replica took within {@link #PATIENCE} goes unanswered, and its request is held on its node
 * ({@code playtcha.ledger.claim-unavailable}). One WARNING when claims go unanswered so, one INFO when a
 * replica takes them again. Users: {@code RedisCalls#callReplicated}; why: docs/redis.md.
 */
final class RedisReplicas {

    private static final System.Logger LOG = System.getLogger(RedisReplicas.class.getName());
    /**
     * The longest a claim waits for a replica: a replica in sync answers within a network round trip, and each
     * {@code WAIT} holds the connection the claims share, so one that lags makes the others wait in turn.
     */
    static final Duration PATIENCE = Duration.ofMillis(100);

    private final String where;
    private final AtomicBoolean lagging = new AtomicBoolean();

    RedisReplicas(String where) {
        this.where = where;
    }

    /** What a claim's {@code WAIT} answered: how many replicas have it; {@code false} when none (the claim goes unanswered). */
    boolean waited(long replicas) {
        if (replicas > 0) {
            if (lagging.compareAndSet(true, false)) {
                LOG.log(Level.INFO, "A replica takes the claims on tokens in time again [store={0}]", where);
            }
            return true;
        }
        if (lagging.compareAndSet(false, true)) {
            LOG.log(Level.WARNING, "No replica took a claim on a token within {0} ms: such claims go unanswered, their requests "
                    + "held on their nodes, until one does [store={1}]", PATIENCE.toMillis(), where);
        }
        return false;
    }
}
