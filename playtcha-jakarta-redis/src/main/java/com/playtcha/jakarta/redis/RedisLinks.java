package com.playtcha.jakarta.redis;

import com.playtcha.jakarta.cluster.counts.StartWindow;
import com.playtcha.jakarta.core.PlaytchaSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@link RedisLink}s open in this JVM, one per {@code playtcha.redis.uri}: everything of one JVM that names
 * the same URI (the ledger, the budgets, the login counts, of every application that loaded this module
 * through one class loader) shares its connection, counted by its users and closed by the last. Its bounds
 * are those of the first user's {@code playtcha.cluster.timeout}.
 */
final class RedisLinks {

    private static final Map<String, Open> OPEN = new HashMap<>();

    private RedisLinks() {
    }

    /** A link and how many parts use it; guarded by {@link #OPEN}. */
    private static final class Open {
        final RedisLink link;
        int users;

        Open(RedisLink link) {
            this.link = link;
        }
    }

    /**
     * The link to this server, opened by its first user (one bounded connection attempt, {@link RedisLink#bound} of
     * {@code clusterTimeout}, waited for no longer than what is left of {@code start}, the node's one start-up bound
     * for its shared parts; {@code null}: the attempt's own bound alone); every user {@link #release}s it.
     *
     * @throws com.playtcha.jakarta.core.InvalidSettingException naming {@code playtcha.redis.uri} when the server is
     *         there but refuses this node
     */
    static RedisLink acquire(PlaytchaSettings.Redis redis, Duration clusterTimeout, StartWindow start) {
        synchronized (OPEN) {
            Open open = OPEN.get(redis.uri());
            if (open == null) {
                open = new Open(RedisLink.open(redis, clusterTimeout, start));
                OPEN.put(redis.uri(), open);
            }
            open.users++;
            return open.link;
        }
    }

    /** One user of {@code link} less; the last closes the connection, the clients and their threads. */
    static void release(RedisLink link) {
        synchronized (OPEN) {
            Open open = OPEN.get(link.uri());
            if (open == null || open.link != link || --open.users > 0) {
                return;
            }
            OPEN.remove(link.uri());
        }
        link.close();
    }
}
