package com.playtcha.jakarta.redis;

import com.playtcha.jakarta.cluster.counts.StoreFailure;
import com.playtcha.jakarta.redis.RedisKeys.Script;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The call path of a {@link RedisLink}: every command and script the module's parts send, on the connection of the
 * moment ({@link RedisNodes#connected}). A call never waits for a connection: while there is none, it fails at once
 * ({@link #dispatch}); each is waited for within a bound ({@link #await}; {@link #bound}, four times
 * {@code cluster.timeout}, unless the part gives its own), and its failure is told as {@link RedisFailure} says,
 * judged by what the link knows of the node that serves the call's key ({@link RedisNodes#reachOf}). A script is one
 * call ({@link #call}: {@code EVALSHA}, {@code EVAL} with its text on {@code NOSCRIPT}); a claim on a Sentinel group
 * or a Cluster waits for a replica ({@link #callReplicated}).
 *
 * <p>Every call from a thread not Netty's leaves no Netty thread-local on it ({@link #leaveNoThreadLocals}), so an
 * application server's threads keep nothing of a stopped application's.
 */
final class RedisCalls {

    private static final System.Logger LOG = System.getLogger(RedisCalls.class.getName());

    private final String where;
    private final Duration bound;
    private final RedisNodes nodes;
    private final RedisTopology topology;
    private final RedisReplicas replicas;

    RedisCalls(String where, Duration bound, RedisNodes nodes, RedisTopology topology) {
        this.where = where;
        this.bound = bound;
        this.nodes = nodes;
        this.topology = topology;
        this.replicas = new RedisReplicas(where);
    }

    /**
     * Sends one command (or script) built by {@code call}, on {@code key} (its node's state judges a failure;
     * {@code null}: the server's), on the connection of the moment, and leaves no Netty thread-local on a thread not
     * Netty's; fails at once while there is no connection.
     */
    <T> RedisFuture<T> dispatch(byte[] key, Function<RedisClusterAsyncCommands<byte[], byte[]>, RedisFuture<T>> call) {
        RedisTopology.Connected now = nodes.connected();
        // a Cluster's connection is open while its default node's is: Lettuce rejects a call on a slot whose node has none
        if (now == null || now.kind() != RedisTopology.Kind.CLUSTER && !now.connection().isOpen()) {
            throw RedisFailure.unsent(where, "not connected", nodes.reachOf(key));
        }
        return sendOn(now.commands(), call);
    }

    private static <T> RedisFuture<T> sendOn(RedisClusterAsyncCommands<byte[], byte[]> on,
            Function<RedisClusterAsyncCommands<byte[], byte[]>, RedisFuture<T>> call) {
        try {
            return call.apply(on);
        } finally {
            leaveNoThreadLocals();
        }
    }

    /**
     * Netty keeps per-thread state (its {@code InternalThreadLocalMap}) on every thread that writes to a
     * channel; on an application server's threads that would keep a stopped application's classes. Gone.
     */
    static void leaveNoThreadLocals() {
        if (!(Thread.currentThread() instanceof FastThreadLocalThread)) {
            FastThreadLocal.removeAll();
        }
    }

    /**
     * Waits at most {@code wait} for a call on {@code key}'s node ({@code null}: the server's); its failure as
     * {@link #failure} tells it.
     */
    <T> T await(RedisFuture<T> call, Duration wait, byte[] key) {
        try {
            T answer = call.get(wait.toNanos(), TimeUnit.NANOSECONDS);
            if (!nodes.answering()) {
                nodes.answered();
            }
            return answer;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            call.cancel(true);
            throw new IllegalStateException(new InterruptedException("interrupted waiting for " + where));
        } catch (ExecutionException | TimeoutException e) {
            call.cancel(true);
            throw failure(e, key);
        }
    }

    /**
     * Loads the scripts into the server's cache ({@code SCRIPT LOAD}; on every primary of a Cluster) when
     * connected, so a node's first calls are one {@code EVALSHA} each; a failure is left to the calls.
     */
    void load(Script... scripts) {
        try {
            for (Script script : scripts) {
                await(dispatch(null, c -> c.scriptLoad(RedisKeys.bytes(script.text()))), bound, null);
            }
        } catch (RuntimeException notNow) {
            LOG.log(Level.DEBUG, "Scripts not loaded [store={0}, cause={1}]", where, RedisFailure.message(notNow));
        }
    }

    /** What the server has for a command, or a connection attempt: four times {@code cluster.timeout}, 1 s to 10 s. */
    Duration bound() {
        return bound;
    }

    /**
     * A failed call on {@code key} ({@code null}: the server's) as {@link RedisFailure} tells it, by what the link
     * knows of the key's node; a slot that moved under the call has Lettuce read the slots again.
     */
    RedisFailure failure(Throwable e, byte[] key) {
        RedisFailure failed = RedisFailure.of(e, where, nodes.reachOf(key));
        if (failed == null) {
            throw new IllegalStateException(new InterruptedException("interrupted calling " + where));
        }
        if (failed.kind() == RedisFailure.Kind.MOVING) {
            topology.slotsMoved();
        }
        return failed;
    }

    /**
     * What one cause of a failed call on {@code key}'s slot ({@code null}: the server's) says for
     * {@code counts.StoreFailure}: a part's calls through Bucket4j reach it in Bucket4j's exceptions, read here as the
     * link's own; {@code null} for an interruption of this node's thread, which the counts read themselves.
     */
    StoreFailure signal(Throwable cause, byte[] key) {
        RedisFailure failed = RedisFailure.of(cause, where, nodes.reachOf(key));
        return failed == null ? null : failed.signal();
    }

    /** The store, for messages: {@code redis redis://user:****@host:port/db}. */
    String where() {
        return where;
    }

    /**
     * Runs {@code script} over {@code keys} (the first names the slot, in a Cluster: the others share it) and waits
     * for it at most {@code wait} ({@code null}: {@link #bound}): {@code EVALSHA}, one round trip; {@code EVAL} with
     * its text when the server does not know it yet.
     */
    <T> T call(Script script, ScriptOutputType type, List<byte[]> keys, byte[][] args, Duration wait) {
        return run(null, script, type, keys, args, System.nanoTime() + (wait == null ? bound : wait).toNanos(), 0);
    }

    /**
     * {@link #call} for a write that must outlive a failover (a token's claim): where a primary has replicas that
     * may take over ({@link RedisTopology.Kind#failsOver}, {@link RedisReplicas}), the script and a
     * {@code WAIT} for one replica go on their own connection, in order, and the call returns once a replica has
     * the write, waiting for one at most {@link RedisReplicas#PATIENCE} (and half of {@code wait}); past that it
     * fails as {@link RedisFailure.Kind#NOT_REPLICATED} (the write is on the primary, and may not outlive it). A
     * {@code WAIT} holds its connection: the writes that wait share one.
     */
    <T> T callReplicated(Script script, ScriptOutputType type, List<byte[]> keys, byte[][] args, Duration given) {
        Duration wait = given == null ? bound : given;
        RedisTopology.Connected now = nodes.connected();
        RedisClusterAsyncCommands<byte[], byte[]> on;
        try {
            on = now == null || !now.kind().failsOver() || now.kind() != RedisTopology.Kind.CLUSTER && !now.connection().isOpen() ? null
                    : now.replicatedOn(keys.get(0));
        } catch (RuntimeException e) {
            throw failure(e, keys.get(0)); // a Cluster's node that cannot be reached for this slot's connection
        } finally {
            leaveNoThreadLocals();
        }
        long patience = on == null ? 0 : Math.max(1, Math.min(wait.toMillis() / 2, RedisReplicas.PATIENCE.toMillis()));
        return run(on, script, type, keys, args, System.nanoTime() + wait.toNanos(), patience);
    }

    /**
     * The one script call: {@code EVALSHA} on {@code on} ({@code null}: the connection every call shares), and
     * {@code EVAL} with the text once when the server answers {@code NOSCRIPT}; with {@code patience} ms, a
     * {@code WAIT} for one replica right behind it on the same connection. Fails as {@link RedisFailure} tells it.
     */
    private <T> T run(RedisClusterAsyncCommands<byte[], byte[]> on, Script script, ScriptOutputType type, List<byte[]> keys,
            byte[][] args, long deadline, long patience) {
        byte[][] k = keys.toArray(new byte[0][]);
        byte[] slot = k.length == 0 ? null : k[0];
        for (boolean text = false;; text = true) {
            boolean withText = text;
            Function<RedisClusterAsyncCommands<byte[], byte[]>, RedisFuture<T>> eval = c -> withText
                    ? c.<T>eval(script.text(), type, k, args) : c.<T>evalsha(script.sha(), type, k, args);
            RedisFuture<T> answer = on == null ? dispatch(slot, eval) : sendOn(on, eval);
            RedisFuture<Long> acked = patience == 0 ? null : sendOn(on, c -> c.waitForReplication(1, patience));
            T result;
            try {
                result = await(answer, left(deadline), slot);
            } catch (RedisFailure e) {
                if (text || e.kind() != RedisFailure.Kind.NO_SCRIPT) {
                    throw e;
                }
                continue;
            }
            if (acked != null && !replicas.waited(await(acked, left(deadline).plusMillis(5), slot))) {
                throw RedisFailure.notReplicated(where, patience);
            }
            return result;
        }
    }

    private static Duration left(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }
}
