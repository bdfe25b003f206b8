package com.playtcha.jakarta.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Whether the server forgot what it held: its epoch, a random value the first node to find none writes
 * ({@code SET NX} on {@link RedisKeys#EPOCH}), which a restart without persistence loses (and a failover to a replica
 * keeps). Read at each connection made after one lost, on the link's thread; another than the one read before runs
 * {@code forgot}: the link says it, and its parts forget.
 */
final class RedisEpoch {

    /** When a read that failed on a connection that stays up is made again. */
    private static final Duration AGAIN = Duration.ofSeconds(1);

    private final RedisCalls calls;
    private final RedisNodes nodes;
    private final ScheduledExecutorService thread;
    private final Runnable forgot;
    /** Whether the connection was lost since it was last made: its next making reads the epoch again. */
    private volatile boolean lostSinceConnected;
    /** The epoch as read last; another, or none, means the server forgot what it held. */
    private volatile String epoch;

    /** @param thread the link's: where the epoch is read, and read again a second after a read that failed */
    RedisEpoch(RedisCalls calls, RedisNodes nodes, ScheduledExecutorService thread, Runnable forgot) {
        this.calls = calls;
        this.nodes = nodes;
        this.thread = thread;
        this.forgot = forgot;
    }

    /** The connection was lost: the next one made reads the epoch again. */
    void lost() {
        lostSinceConnected = true;
    }

    /** A connection made again (Lettuce's reconnection): the epoch read on the link's thread, when one was lost. */
    void madeAgain() {
        if (lostSinceConnected) {
            lostSinceConnected = false;
            thread.execute(this::read);
        }
    }

    /** Reads the epoch now, on the link's thread; another than the one read before runs {@code forgot}. */
    void read() {
        RedisTopology.Connected now = nodes.connected();
        byte[] key = RedisKeys.EPOCH;
        try {
            byte[] mine = RedisKeys.bytes(UUID.randomUUID().toString());
            calls.await(calls.dispatch(key, c -> c.set(key, mine, io.lettuce.core.SetArgs.Builder.nx())), calls.bound(), key);
            String read = new String(calls.await(calls.dispatch(key, c -> c.get(key)), calls.bound(), key), StandardCharsets.UTF_8);
            String was = epoch;
            epoch = read;
            if (was != null && !was.equals(read)) {
                forgot.run();
            }
        } catch (RuntimeException notNow) {
            if (now == nodes.connected()) {
                // Read at the next connection, or a second from now: Lettuce tells a connection made before its
                // handshake ends, so a read that failed on a connection that stays up has no next event to wait for.
                lostSinceConnected = true;
                try {
                    thread.schedule(() -> {
                        if (lostSinceConnected && nodes.connected() != null) {
                            lostSinceConnected = false;
                            read();
                        }
                    }, AGAIN.toMillis(), TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException closed) {
                    // the link is closing: nothing to read
                }
            }
        }
    }
}
