package com.playtcha.jakarta.redis;

import com.playtcha.jakarta.redis.RedisFailure.Reach;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.event.Event;
import io.lettuce.core.event.connection.ConnectionActivatedEvent;
import io.lettuce.core.event.connection.ReconnectFailedEvent;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What a {@link RedisLink} knows of what it reaches, as its attempts and Lettuce's events tell it: the connection of
 * the moment ({@code null} while there is none), the server's {@link Reach} and, in a Redis Cluster, each node's. A
 * call's failure is judged by it ({@link #reachOf}): the node that serves the call's key. It sends nothing; the call
 * path reads it and tells it when the server answers ({@link #answered}); what changes is told to the link
 * ({@link News}), which says it in its log lines and to its parts.
 */
final class RedisNodes {

    /**
     * What the link is told as the state changes, each once per change; none may wait for the server. The link says it
     * under its own logger, the one docs/redis.md's table of log lines names.
     */
    interface News {
        /** The server ({@code node} {@code null}), or a node of a Redis Cluster ({@code host:port}), accepts this node again. */
        void acceptedAgain(String node);

        /** The server refuses this node ({@code why}), where it did not. */
        void refused(String why);

        /** A connection Lettuce made again and readied for commands (its handshake done); told on Lettuce's thread. */
        void madeAgain();
    }

    private final News news;
    private volatile RedisTopology.Connected connected;
    /**
     * What the link knows of the server now (of a Redis Cluster, before the first connection only); replaced as
     * the attempts and Lettuce's events tell.
     */
    private final AtomicReference<Reach> reach = new AtomicReference<>(Reach.away("not connected yet"));
    /**
     * What the link knows of each node of a Redis Cluster, by {@code host:port}, from Lettuce's events on the
     * node's connection: away or refusing this node after its reconnection failed, connected (no entry) after one
     * made. A node with no entry is taken as being reconnected when a call finds no connection to it.
     */
    private final Map<String, Reach> nodes = new ConcurrentHashMap<>();

    RedisNodes(News news) {
        this.news = news;
    }

    /** The connection of the moment, or {@code null} while not connected. */
    RedisTopology.Connected connected() {
        return connected;
    }

    /** What the link reaches now, or {@code null} while not connected. */
    RedisTopology.Kind kind() {
        RedisTopology.Connected now = connected;
        return now == null ? null : now.kind();
    }

    /** An attempt connected: the server answers. */
    void connected(RedisTopology.Connected made) {
        connected = made;
        reach.set(Reach.CONNECTED);
    }

    /** The connection, taken away for closing; none after. */
    RedisTopology.Connected closing() {
        RedisTopology.Connected open = connected;
        connected = null;
        return open;
    }

    /** The server as the attempts found it (before the first connection: why it was not made). */
    Reach reach() {
        return reach.get();
    }

    /** An attempt found the server away ({@code why}). */
    void away(String why) {
        reach.set(Reach.away(why));
    }

    /**
     * The connection lost: being reconnected. A Cluster's connection tells of its default node alone: the nodes'
     * events tell of each.
     */
    void lost(RedisChannelHandler<?, ?> connection) {
        if (!(connection instanceof StatefulRedisClusterConnection)) {
            reach.set(Reach.LOST);
        }
    }

    /** The server answers (a connection made, or a call answered): connected. */
    void answered() {
        if (reach.getAndSet(Reach.CONNECTED).kind() == RedisFailure.Kind.REFUSED) {
            news.acceptedAgain(null);
        }
    }

    /** Whether the server answered last (the call path tells {@link #answered} only when it did not). */
    boolean answering() {
        return reach.get().connected();
    }

    /** The server refuses this node ({@code refusal}): told once, until it accepts again. */
    void refused(String refusal) {
        if (reach.getAndSet(Reach.refused(refusal)).kind() != RedisFailure.Kind.REFUSED) {
            news.refused(refusal);
        }
    }

    /**
     * Lettuce's reconnections that failed: the server refused this node, or could not be reached; and a connection
     * made again and ready for commands (its handshake done), which the link is told.
     */
    void event(Event event) {
        if (event instanceof ConnectionActivatedEvent activated && connected != null) {
            String node = node(activated.remoteAddress());
            Reach was = nodes.remove(node);
            if (was != null && was.kind() == RedisFailure.Kind.REFUSED) {
                news.acceptedAgain(node);
            }
            news.madeAgain();
        } else if (event instanceof ReconnectFailedEvent failed) {
            String refusal = RedisFailure.refusal(failed.getCause());
            if (kind() == RedisTopology.Kind.CLUSTER) {
                // one node's reconnection: the slots it serves, not the others'
                nodes.put(node(failed.remoteAddress()), refusal != null ? Reach.refused(refusal)
                        : Reach.away(RedisFailure.message(failed.getCause())));
            } else if (refusal != null) {
                refused(refusal);
            } else {
                away(RedisFailure.message(failed.getCause()));
            }
        }
    }

    /** A node as {@link #nodes} keys it: {@code host:port}. */
    private static String node(SocketAddress address) {
        return address instanceof InetSocketAddress a ? a.getHostString() + ":" + a.getPort() : String.valueOf(address);
    }

    /**
     * What the link knows of the node that serves {@code key} ({@code null}: the server as a whole): of a Redis
     * Cluster, the primary of the key's slot as Lettuce's topology names it, away when its reconnection failed or the
     * Cluster flags it failed; of a server or a Sentinel group, the one primary.
     */
    Reach reachOf(byte[] key) {
        RedisTopology.Connected now = connected;
        if (now == null) {
            return reach.get(); // never connected: the server as the attempts found it
        }
        Reach known;
        if (now.kind() != RedisTopology.Kind.CLUSTER) {
            known = reach.get();
        } else if (key == null) {
            known = Reach.LOST;
        } else {
            RedisClusterNode primary = now.primaryOf(key);
            if (primary == null) {
                return Reach.LOST; // no primary serves the slot as read: moving, or the topology not read yet
            }
            String node = primary.getUri().getHost() + ":" + primary.getUri().getPort();
            known = nodes.get(node);
            if (known == null) {
                known = primary.is(RedisClusterNode.NodeFlag.FAIL) ? Reach.away("the Cluster flags " + node + " as failed")
                        : Reach.CONNECTED;
            }
        }
        // a primary away where a replica takes over is a failover under way: the store is coming back, and a node on
        // its own counts meanwhile would let an attacker the limit once more on every node
        return known.kind() == RedisFailure.Kind.AWAY && now.kind().failsOver() ? Reach.failingOver(known.why()) : known;
    }
}
