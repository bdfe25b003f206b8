package com.playtcha.jakarta.redis;

import com.playtcha.jakarta.core.InvalidSettingException;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.Setting;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.RedisClusterURIUtil;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.resource.ClientResources;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How this node reaches what {@code playtcha.redis.uri} names, and what a failed attempt says: one server
 * (or a primary behind one address), a Sentinel group ({@code redis-sentinel://...#group}: Lettuce asks the
 * Sentinels for the primary at each connection) or a Redis Cluster (several hosts, or one node that says
 * {@code redis_mode:cluster}: Lettuce finds the others, follows {@code MOVED} and {@code ASK}, and reads the
 * slots again after a failover or a resharding). Each {@link #connect} is one bounded attempt.
 *
 * <p>{@link RedisFailure#refusal} tells a server that is there but refuses this node (a password or user it does not
 * take, a user without the rights, a database it has not, a certificate this node does not trust or that
 * names another host, a Sentinel group it does not know, a port that answers in another protocol) from one
 * that cannot be reached (refused, reset, silent, still loading, at its {@code maxclients}): only the second
 * lets a node start on its own state. (Redis resets a plain connection to its TLS port: not there.) Users:
 * docs/redis.md.
 */
final class RedisTopology {

    /** What the URI names. */
    enum Kind {
        SINGLE, SENTINEL, CLUSTER;

        /** Whether a primary has replicas that may take over: a write must reach one before it is relied on. */
        boolean failsOver() {
            return this != SINGLE;
        }
    }

    /**
     * An open connection: what carries the calls, and what it reaches; beside it, where a primary has replicas,
     * a second connection for the writes that wait for a replica ({@code WAIT}), which blocks the connection it is
     * sent on while it waits, so never the one every call shares.
     */
    record Connected(StatefulConnection<byte[], byte[]> connection, RedisClusterAsyncCommands<byte[], byte[]> commands, Kind kind,
            StatefulConnection<byte[], byte[]> replicated) {

        /**
         * The primary that serves {@code key}'s slot of a Redis Cluster, as Lettuce read the slots last ({@code null}
         * for another kind, or while no primary serves it).
         */
        RedisClusterNode primaryOf(byte[] key) {
            return connection instanceof StatefulRedisClusterConnection<byte[], byte[]> cluster
                    ? cluster.getPartitions().getMasterBySlot(SlotHash.getSlot(key)) : null;
        }

        /** The commands of {@link #replicated} on the primary that holds {@code key}; {@code null} for a single server. */
        RedisClusterAsyncCommands<byte[], byte[]> replicatedOn(byte[] key) {
            if (replicated instanceof StatefulRedisClusterConnection<byte[], byte[]> cluster) {
                RedisClusterNode primary = cluster.getPartitions().getMasterBySlot(SlotHash.getSlot(key));
                if (primary == null) {
                    throw new RedisConnectionException("no primary serves the slot of "
                            + new String(key, java.nio.charset.StandardCharsets.UTF_8));
                }
                String node = primary.getNodeId();
                return cluster.getConnection(node).async(); // the script and its WAIT on one connection, in order
            }
            return replicated instanceof StatefulRedisConnection<byte[], byte[]> one ? one.async() : null;
        }

        void close() {
            connection.close();
            if (replicated != null) {
                replicated.close();
            }
        }
    }

    /** Every command the scripts (ours and Bucket4j's) run, on one key: a user without the rights fails the start. */
    private static final RedisKeys.Script PROBE = RedisKeys.Script.of("""
            local k = KEYS[1]
            redis.call('SET', k, '1', 'NX', 'PX', 60000) redis.call('SET', k, '1') redis.call('PSETEX', k, 60000, '1')
            redis.call('GET', k) redis.call('DEL', k)
            redis.call('HSET', k, 'p', '1') redis.call('HMGET', k, 'p') redis.call('HGET', k, 'p') redis.call('HGETALL', k)
            redis.call('HDEL', k, 'p') redis.call('HSET', k, 'p', '1') redis.call('PEXPIRE', k, 60000) redis.call('DEL', k)
            redis.call('ZADD', k, 0, 'p') redis.call('ZRANGEBYSCORE', k, '-inf', '+inf', 'LIMIT', 0, 1) redis.call('ZREM', k, 'p')
            redis.call('SADD', k, 'p') redis.call('SMEMBERS', k) redis.call('SREM', k, 'p')
            redis.call('TIME')
            return 1
            """);

    private final PlaytchaSettings.Redis redis;
    private final RedisURI uri;
    private final List<RedisURI> seeds;
    private final boolean sentinel;
    private final Duration bound;
    private final ClientResources resources;
    private final RedisClient client;
    /** Where a Sentinel group's lookups run ({@link SentinelClient}); {@code null} for a server or a Cluster. */
    private final ExecutorService lookups;
    private RedisClusterClient cluster;

    RedisTopology(PlaytchaSettings.Redis redis, Duration bound, ClientResources resources) {
        this.redis = redis;
        this.bound = bound;
        this.resources = resources;
        try {
            uri = RedisURI.create(redis.uri());
            sentinel = !uri.getSentinels().isEmpty();
            seeds = sentinel ? List.of(uri) : RedisClusterURIUtil.toRedisURIs(URI.create(redis.uri()));
        } catch (RuntimeException e) { // Lettuce's words may quote the URI: the password with it
            throw new InvalidSettingException(Setting.REDIS_URI, "is not a URI Lettuce reads (" + e.getClass().getSimpleName()
                    + "); got " + redis);
        }
        uri.setTimeout(bound);
        uri.getSentinels().forEach(s -> s.setTimeout(bound));
        sentinelLogin(redis.uri(), uri.getSentinels());
        seeds.forEach(seed -> seed.setTimeout(bound));
        unspoken(uri);
        uri.getSentinels().forEach(RedisTopology::unspoken);
        seeds.forEach(RedisTopology::unspoken);
        lookups = sentinel ? Executors.newSingleThreadExecutor(task -> {
            Thread t = new Thread(task, "playtcha-redis-sentinel");
            t.setDaemon(true);
            t.setContextClassLoader(null);
            return t;
        }) : null;
        client = sentinel ? new SentinelClient(resources, lookups) : RedisClient.create(resources);
        client.setOptions(ClientOptions.builder().autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS) // a call never waits for a connection
                .socketOptions(SocketOptions.builder().connectTimeout(bound).keepAlive(true).build())
                .timeoutOptions(TimeoutOptions.enabled(bound)).build());
    }

    /**
     * The Sentinels' own user and password, where they have one ({@code ?sentinelUsername=...&sentinelPassword=...},
     * percent-encoded): Lettuce's URI gives the primary's to the primary alone.
     */
    private static void sentinelLogin(String text, List<RedisURI> sentinels) {
        String query = URI.create(text).getRawQuery();
        String user = null;
        String password = null;
        for (String pair : query == null ? new String[0] : query.split("&")) {
            String value = java.net.URLDecoder.decode(pair.substring(pair.indexOf('=') + 1).replace("+", "%2B"),
                    java.nio.charset.StandardCharsets.UTF_8); // percent-encoded: a + is a +
            if (pair.startsWith("sentinelUsername=")) {
                user = value;
            } else if (pair.startsWith("sentinelPassword=")) {
                password = value;
            }
        }
        for (RedisURI sentinel : sentinels) {
            if (password != null) {
                if (user != null) {
                    sentinel.setUsername(user);
                }
                sentinel.setPassword(password.toCharArray());
            }
        }
    }

    /**
     * Gives Lettuce the URI's user and password as a credentials provider, the same ones it would make of them: a
     * {@link RedisURI} that holds a password writes it as one {@code *} a character, its length, in every text that
     * quotes the URI (a Redis Cluster's "Cannot retrieve cluster partitions from [redis://****...@host:port]", which
     * reaches the status and this module's log lines, and Lettuce's own debug lines), and one with a provider writes no
     * credentials at all. The same {@code AUTH} goes out; the library's own texts name the store as {@code PlaytchaSettings.Redis}
     * masks it, with a fixed {@code ****}.
     */
    private static void unspoken(RedisURI u) {
        u.setCredentialsProvider(u.getCredentialsProvider());
    }

    /** One connection attempt: the server's kind found, the connection opened with Lettuce's client for it. */
    Connected connect() {
        if (sentinel) {
            StatefulRedisConnection<byte[], byte[]> c = client.connect(ByteArrayCodec.INSTANCE, uri);
            try {
                return new Connected(c, c.async(), Kind.SENTINEL, client.connect(ByteArrayCodec.INSTANCE, uri));
            } catch (RuntimeException e) {
                c.close();
                throw e;
            }
        }
        if (seeds.size() == 1) {
            StatefulRedisConnection<byte[], byte[]> c = client.connect(ByteArrayCodec.INSTANCE, uri);
            if (!clusterNode(c)) {
                return new Connected(c, c.async(), Kind.SINGLE, null);
            }
            c.close();
        }
        if (uri.getDatabase() != 0) {
            throw new RedisConnectionException("refused: a Redis Cluster has one database, 0, and the URI names " + uri.getDatabase(),
                    new RedisCommandExecutionException("ERR a Redis Cluster has database 0 only"));
        }
        StatefulRedisClusterConnection<byte[], byte[]> c = cluster().connect(ByteArrayCodec.INSTANCE);
        try {
            return new Connected(c, c.async(), Kind.CLUSTER, cluster().connect(ByteArrayCodec.INSTANCE));
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /**
     * Whether this node's user may run what the scripts run: every command of theirs ({@link #PROBE}) on a key of each
     * kind the module writes, then a {@code PING}; a user without a right connects fine and fails only its first call, so
     * a start asks now. Throws what {@link RedisFailure#refusal} reads as a refusal; a transient answer, or none in time,
     * passes (the calls meet it).
     */
    void checkRights(Connected made) {
        try {
            for (String kind : RedisKeys.KINDS) {
                byte[][] key = {RedisKeys.bytes(kind + "probe")};
                RedisFuture<Long> run = made.commands().eval(PROBE.text(), ScriptOutputType.INTEGER, key);
                run.get(bound.toNanos(), TimeUnit.NANOSECONDS);
            }
            made.commands().ping().get(bound.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RedisCommandExecutionException r && !RedisFailure.transientAnswer(r.getMessage())) {
                throw new RedisConnectionException("refused: " + r.getMessage(), r);
            }
        } catch (TimeoutException e) {
            // slow now: the calls tell
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the server says it is a node of a Redis Cluster ({@code INFO server}); a user not let run INFO is taken at its word. */
    private boolean clusterNode(StatefulRedisConnection<byte[], byte[]> c) {
        try {
            String info = c.async().info("server").get(bound.toNanos(), TimeUnit.NANOSECONDS);
            return info.contains("redis_mode:cluster");
        } catch (java.util.concurrent.ExecutionException e) {
            return false; // NOPERM: a node of a Cluster then answers MOVED, which the start's probe tells
        } catch (java.util.concurrent.TimeoutException e) {
            throw new RedisConnectionException("no answer to INFO within " + bound.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisConnectionException("interrupted", e);
        }
    }

    private synchronized RedisClusterClient cluster() {
        if (cluster == null) {
            cluster = RedisClusterClient.create(resources, seeds);
            cluster.setOptions(ClusterClientOptions.builder().autoReconnect(true)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .socketOptions(SocketOptions.builder().connectTimeout(bound).keepAlive(true).build())
                    .timeoutOptions(TimeoutOptions.enabled(bound)).maxRedirects(5)
                    .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder().enableAllAdaptiveRefreshTriggers()
                            .adaptiveRefreshTriggersTimeout(Duration.ofSeconds(1)).enablePeriodicRefresh(Duration.ofSeconds(30))
                            .build()).build());
        }
        return cluster;
    }

    /** The clients, for events and for closing: the single one, and the Cluster's once made. */
    synchronized List<AbstractRedisClient> clients() {
        List<AbstractRedisClient> all = new ArrayList<>(List.of(client));
        if (cluster != null) {
            all.add(cluster);
        }
        return all;
    }

    /** Has a Redis Cluster's client read the slots again, now (a call met a slot that moved). */
    void slotsMoved() {
        RedisClusterClient c;
        synchronized (this) {
            c = cluster;
        }
        if (c != null) {
            c.refreshPartitionsAsync();
        }
    }

    /** Closes the clients and their connections, waiting at most {@code wait} for each. */
    void close(Duration wait) {
        for (AbstractRedisClient c : clients()) {
            c.shutdown(Duration.ZERO, wait);
        }
        if (lookups != null) {
            lookups.shutdownNow();
            try {
                lookups.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return "redis " + redis;
    }
}
