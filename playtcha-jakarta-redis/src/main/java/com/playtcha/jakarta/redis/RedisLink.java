package com.playtcha.jakarta.redis;

import com.playtcha.jakarta.core.InvalidSettingException;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.Setting;
import com.playtcha.jakarta.cluster.counts.StartWindow;
import com.playtcha.jakarta.cluster.counts.StoreFailure;
import com.playtcha.jakarta.redis.RedisFailure.Reach;
import com.playtcha.jakarta.redis.RedisKeys.Script;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.event.Event;
import io.lettuce.core.event.connection.ConnectionActivatedEvent;
import io.lettuce.core.event.connection.ReconnectFailedEvent;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import reactor.core.Disposable;

/**
 * One Lettuce connection to what {@code playtcha.redis.uri} names ({@link RedisTopology}: a server, a
 * Sentinel group or a Redis Cluster), shared by everything of one JVM that names the same URI
 * ({@link RedisLinks}; Lettuce pipelines the calls of many threads on one connection). A call never waits for a
 * connection: while there is none, it fails at once, and every failure is told as {@link RedisFailure} says,
 * judged by what the link knows of the node that serves the call's key ({@link #reachOf}): in a Redis Cluster,
 * the primary of the key's slot (Lettuce's topology), so a failover is the size of the slots it hit.
 *
 * <p>Bounds: a connection attempt (TCP, TLS, {@code AUTH}, {@code SELECT}, a Sentinel's answer) and a
 * command each have {@link #bound} (four times {@code cluster.timeout}, 1 s to 10 s); a start waits for one
 * attempt, on this link's thread, at most that and {@link #START} more (a cold JVM's first connection), and
 * never past the start's one bound for all its shared parts ({@code playtcha.cluster.start-timeout}). A
 * server that cannot be reached lets the start go on (one WARNING) while that thread tries again every
 * second (one INFO when connected); once connected, Lettuce reconnects by itself, and each connection made
 * again has the parts on their own state ask the server at once ({@link #hearing}). A server that is there
 * but refuses this node ({@link RedisFailure#refusal}), or that does not let its user run what the
 * scripts run ({@link RedisTopology#checkRights}), fails the start, naming the key; met later, on a
 * reconnection, it is refused ({@link RedisFailure.Kind#REFUSED}): a login needs a token and the budgets are
 * this node's own until it accepts again (one WARNING, one INFO). A claim on a Sentinel group or a Cluster waits for a
 * replica ({@link #callReplicated}); the server's epoch ({@link #readEpoch}) tells a restart that forgot.
 *
 * <p>Every call from a thread not Netty's leaves no Netty thread-local on it ({@link #dispatch}), so an
 * application server's threads keep nothing of a stopped application's.
 */
final class RedisLink {

    private static final System.Logger LOG = System.getLogger(RedisLink.class.getName());
    private static final Duration RETRY = Duration.ofSeconds(1);
    /**
     * What a start waits for its attempt beyond {@link #bound}: a JVM's first connection loads and readies Lettuce,
     * Netty and Reactor, which took up to 4 s on a busy 2-core machine before a byte was sent.
     */
    static final Duration START = Duration.ofSeconds(5);

    private final String uri;
    private final String where;
    private final Duration bound;
    private final ClientResources resources;
    private final RedisTopology topology;
    private final ScheduledExecutorService thread;
    private final Disposable events;
    private final List<Runnable> forgotten = new CopyOnWriteArrayList<>();
    private final List<Runnable> answering = new CopyOnWriteArrayList<>();
    private final RedisReplicas replicas;
    private volatile RedisTopology.Connected connected;
    /**
     * What this link knows of the server now (of a Redis Cluster, before the first connection only); replaced as
     * the attempts and Lettuce's events tell.
     */
    private final AtomicReference<Reach> reach = new AtomicReference<>(Reach.away("not connected yet"));
    /**
     * What this link knows of each node of a Redis Cluster, by {@code host:port}, from Lettuce's events on the
     * node's connection: away or refusing this node after its reconnection failed, connected (no entry) after one
     * made. A node with no entry is taken as being reconnected when a call finds no connection to it.
     */
    private final Map<String, Reach> nodes = new ConcurrentHashMap<>();
    /** The attempts every second after a start without the server; cancelled once connected. */
    private volatile ScheduledFuture<?> retrying;
    /** Whether the connection was lost since it was last made: its next making reads the server's {@link #epoch} again. */
    private volatile boolean lostSinceConnected;
    /** The server's epoch ({@link RedisKeys#EPOCH}) as this link read it last; another, or none, means it forgot what it held. */
    private volatile String epoch;
    private RedisLink(PlaytchaSettings.Redis redis, Duration clusterTimeout) {
        this.uri = redis.uri();
        this.where = "redis " + redis;
        this.bound = bound(clusterTimeout);
        this.replicas = new RedisReplicas(where);
        resources = ClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2)
                .reconnectDelay(Delay.exponential(Duration.ofMillis(10), RETRY, 2, TimeUnit.MILLISECONDS)).build();
        try {
            topology = new RedisTopology(redis, bound, resources);
        } catch (RuntimeException e) {
            resources.shutdown(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(2_000);
            throw e;
        }
        thread = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread t = new Thread(task, "playtcha-redis-connect");
            t.setDaemon(true);
            t.setContextClassLoader(null);
            return t;
        });
        events = resources.eventBus().get().subscribe(this::event);
    }

    /** Four times {@code cluster.timeout}, 1 s to 10 s: what the server has to answer a command, or a connection attempt. */
    static Duration bound(Duration clusterTimeout) {
        Duration four = clusterTimeout.multipliedBy(4);
        return four.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1)
                : four.compareTo(Duration.ofSeconds(10)) > 0 ? Duration.ofSeconds(10) : four;
    }

    /**
     * A link to this server after its first attempt ({@link #start}); {@link RedisLinks} shares it.
     *
     * @throws InvalidSettingException naming {@code playtcha.redis.uri} when the server is there but refuses this node
     */
    static RedisLink open(PlaytchaSettings.Redis redis, Duration clusterTimeout, StartWindow start) {
        RedisLink link = new RedisLink(redis, clusterTimeout);
        link.start(start);
        return link;
    }

    /**
     * One attempt, on this link's thread, waited for at most {@link #bound} and {@link #START}, and no longer than
     * what is left of {@code start} (when given); then on without it (it goes on in the background), or failed.
     */
    private void start(StartWindow start) {
        Future<String> attempt = thread.submit(this::attempt);
        Duration wait = bound.plus(START);
        if (start != null && start.left().compareTo(wait) < 0) {
            wait = start.left();
        }
        String refusal;
        try {
            refusal = attempt.get(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            refusal = null; // still trying: not there yet, and the start's other parts wait for nothing more
            if (start != null) {
                start.missed();
            }
        } catch (ExecutionException e) {
            refusal = null; // failed without a refusal: not there
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            refusal = null;
        }
        if (refusal != null) {
            close();
            throw new InvalidSettingException(Setting.REDIS_URI, "names a Redis that refuses this node: " + refusal + "; check the "
                    + "user, the password, its ACL rights (+@all ~playtcha:* serves), the database index, the TLS certificate and "
                    + "the Sentinel group; got " + where.substring(6));
        }
        if (connected == null) {
            LOG.log(Level.WARNING, "Redis is not there at start: this node keeps its own budgets and login counts, and holds "
                    + "the tokens it lets through on its own, until it answers; tried again every second [store={0}, cause={1}]",
                    where, reach.get().kind() == RedisFailure.Kind.AWAY ? reach.get().why()
                            : "no answer within " + bound.toMillis() + " ms");
            retrying = thread.scheduleWithFixedDelay(this::reconnect, RETRY.toMillis(), RETRY.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** One connection attempt and the rights' probe: {@code null} (connected, or not there), or the refusal. */
    private String attempt() {
        RedisTopology.Connected made = null;
        try {
            made = topology.connect();
            topology.checkRights(made);
            made.connection().addListener(new RedisConnectionStateListener() {
                @Override
                public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                    lostSinceConnected = true;
                    if (!(connection instanceof StatefulRedisClusterConnection)) {
                        reach.set(Reach.LOST); // a Cluster's connection tells of its default node alone: the nodes' events tell
                    }
                }

                @Override
                public void onRedisConnected(RedisChannelHandler<?, ?> connection, java.net.SocketAddress address) {
                    answered();
                    if (lostSinceConnected) {
                        lostSinceConnected = false;
                        thread.execute(RedisLink.this::readEpoch);
                    }
                }
            });
            connected = made;
            reach.set(Reach.CONNECTED);
            readEpoch();
            return null;
        } catch (RuntimeException e) {
            if (made != null) {
                made.close();
            }
            String refusal = RedisFailure.refusal(e);
            if (refusal == null) {
                reach.set(Reach.away(message(e)));
            }
            return refusal;
        } finally {
            leaveNoThreadLocals();
        }
    }

    /** The server answers (a connection made, or a call answered): connected. */
    private void answered() {
        if (reach.getAndSet(Reach.CONNECTED).kind() == RedisFailure.Kind.REFUSED) {
            LOG.log(Level.INFO, "Redis accepts this node again [store={0}]", where);
        }
    }

    private void reconnect() {
        String refusal = connected == null ? attempt() : null;
        if (connected != null) {
            retrying.cancel(false);
            LOG.log(Level.INFO, "Redis answers: this node shares again [store={0}]", where);
            answering.forEach(Runnable::run);
        } else if (refusal != null) {
            refusedNow(refusal);
        }
    }

    /**
     * Lettuce's reconnections that failed: the server refused this node, or could not be reached; and a connection
     * made again and ready for commands (its handshake done), after which the {@link #hearing} listeners run on
     * this link's thread, never Lettuce's.
     */
    private void event(Event event) {
        if (event instanceof ConnectionActivatedEvent activated && connected != null) {
            Reach was = nodes.remove(node(activated.remoteAddress()));
            if (was != null && was.kind() == RedisFailure.Kind.REFUSED) {
                LOG.log(Level.INFO, "Redis accepts this node again [store={0}, node={1}]", where, node(activated.remoteAddress()));
            }
            try {
                thread.execute(() -> answering.forEach(Runnable::run));
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                // the link is closing: nobody to tell
            }
        } else if (event instanceof ReconnectFailedEvent failed) {
            String refusal = RedisFailure.refusal(failed.getCause());
            if (kind() == RedisTopology.Kind.CLUSTER) {
                // one node's reconnection: the slots it serves, not the others'
                nodes.put(node(failed.remoteAddress()), refusal != null ? Reach.refused(refusal) : Reach.away(message(failed.getCause())));
            } else if (refusal != null) {
                refusedNow(refusal);
            } else {
                reach.set(Reach.away(message(failed.getCause())));
            }
        }
    }

    /** A node as {@link #nodes} keys it: {@code host:port}. */
    private static String node(java.net.SocketAddress address) {
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

    private void refusedNow(String refusal) {
        if (reach.getAndSet(Reach.refused(refusal)).kind() != RedisFailure.Kind.REFUSED) {
            LOG.log(Level.WARNING, "Redis refuses this node: logins need a token, budgets are this node''s own and claims go "
                    + "unanswered until it accepts [store={0}, cause={1}]", where, refusal);
        }
    }

    /**
     * Tells a part of this link's news once it is opened ({@link Hearing#opened}): {@code answers} on this link's
     * thread each time a connection is made again (Lettuce's reconnection, or this link's first after a start without
     * the server), so the parts on their own state ask the server at once, whatever traffic comes; {@code forgotten}
     * ({@code null}: nothing) each time the server forgot what it held ({@link RedisKeys#EPOCH}). Neither may wait for the server.
     */
    <T> Hearing<T> hearing(Consumer<T> answers, Consumer<T> forgotten) {
        return new Hearing<>(answers, forgotten);
    }

    /** A part's ears on this link ({@link #hearing}): deaf again once {@link #stop}ped, at the part's close. */
    final class Hearing<T> {
        private final AtomicReference<T> part = new AtomicReference<>();
        private final Runnable answered;
        private final Runnable forgot;

        private Hearing(Consumer<T> answers, Consumer<T> forgotten) {
            answered = () -> tell(answers);
            forgot = () -> tell(forgotten);
            answering.add(answered);
            if (forgotten != null) {
                RedisLink.this.forgotten.add(forgot);
            }
        }

        private void tell(Consumer<T> what) {
            T opened = part.get();
            if (opened != null) {
                what.accept(opened);
            }
        }

        /** The part, told from now on. */
        T opened(T opened) {
            part.set(opened);
            return opened;
        }

        void stop() {
            answering.remove(answered);
            forgotten.remove(forgot);
        }
    }

    /**
     * Reads the server's epoch: a random value the first node to find none writes ({@code SET NX}), which a
     * restart without persistence loses (and a failover to a replica keeps). Another than the one read before
     * means the server forgot what it held: the {@link #hearing} listeners run. On this link's thread.
     */
    private void readEpoch() {
        RedisTopology.Connected now = connected;
        try {
            byte[] key = RedisKeys.EPOCH;
            byte[] mine = RedisKeys.bytes(java.util.UUID.randomUUID().toString());
            await(dispatch(key, c -> c.set(key, mine, io.lettuce.core.SetArgs.Builder.nx())), bound, key);
            String read = new String(await(dispatch(key, c -> c.get(key)), bound, key), StandardCharsets.UTF_8);
            String was = epoch;
            epoch = read;
            if (was != null && !was.equals(read)) {
                LOG.log(Level.INFO, "Redis forgot what it held (it restarted without persistence): budgets start full on every node "
                        + "[store={0}]", where);
                forgotten.forEach(Runnable::run);
            }
        } catch (RuntimeException notNow) {
            if (now == connected) {
                // Read at the next connection, or a second from now: Lettuce tells a connection made before its
                // handshake ends, so a read that failed on a connection that stays up has no next event to wait for.
                lostSinceConnected = true;
                try {
                    thread.schedule(() -> {
                        if (lostSinceConnected && connected != null) {
                            lostSinceConnected = false;
                            readEpoch();
                        }
                    }, RETRY.toMillis(), TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.RejectedExecutionException closed) {
                    // the link is closing: nothing to read
                }
            }
        }
    }

    /** What the link reaches now, or {@code null} while not connected. */
    RedisTopology.Kind kind() {
        RedisTopology.Connected now = connected;
        return now == null ? null : now.kind();
    }

    /**
     * Sends one command (or script) built by {@code call}, on {@code key} (its node's state judges a failure;
     * {@code null}: the server's), on the connection of the moment, and leaves no Netty thread-local on a thread not
     * Netty's; fails at once while there is no connection.
     */
    <T> RedisFuture<T> dispatch(byte[] key, Function<RedisClusterAsyncCommands<byte[], byte[]>, RedisFuture<T>> call) {
        RedisTopology.Connected now = connected;
        // a Cluster's connection is open while its default node's is: Lettuce rejects a call on a slot whose node has none
        if (now == null || now.kind() != RedisTopology.Kind.CLUSTER && !now.connection().isOpen()) {
            throw RedisFailure.unsent(where, "not connected", reachOf(key));
        }
        return sendOn(now.commands(), call);
    }

    private <T> RedisFuture<T> sendOn(RedisClusterAsyncCommands<byte[], byte[]> on,
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
    private static void leaveNoThreadLocals() {
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
            if (!reach.get().connected()) {
                answered();
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
            LOG.log(Level.DEBUG, "Scripts not loaded [store={0}, cause={1}]", where, message(notNow));
        }
    }

    /** What the server has for a command. */
    Duration bound() {
        return bound;
    }

    /**
     * A failed call on {@code key} ({@code null}: the server's) as {@link RedisFailure} tells it, by what the link
     * knows of the key's node; a slot that moved under the call has Lettuce read the slots again.
     */
    RedisFailure failure(Throwable e, byte[] key) {
        RedisFailure failed = RedisFailure.of(e, where, reachOf(key));
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
        RedisFailure failed = RedisFailure.of(cause, where, reachOf(key));
        return failed == null ? null : failed.signal();
    }

    /** A failure's message, one line, for logs and the status ({@link RedisFailure#message}). */
    static String message(Throwable e) {
        return RedisFailure.message(e);
    }

    /** The store, for messages: {@code redis redis://user:****@host:port/db}. */
    String where() {
        return where;
    }

    /** One user less; the last closes the connection, the clients and their threads. */
    void release() {
        if (RedisLinks.released(this, uri)) {
            close();
        }
    }

    /** Closes all this link opened, and waits (a few seconds at most) for its threads to end: an undeployed application leaves none. */
    private void close() {
        thread.shutdownNow();
        events.dispose();
        RedisTopology.Connected open = connected;
        connected = null;
        try {
            if (open != null) {
                open.close();
            }
            topology.close(Duration.ofSeconds(2));
            resources.shutdown(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3_000);
            thread.awaitTermination(2, TimeUnit.SECONDS);
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "Redis client not closed cleanly [store={0}, cause={1}]", where, message(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            leaveNoThreadLocals();
        }
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
        RedisTopology.Connected now = connected;
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
