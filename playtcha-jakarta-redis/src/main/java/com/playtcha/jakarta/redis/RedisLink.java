package com.playtcha.jakarta.redis;

import com.playtcha.jakarta.core.InvalidSettingException;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.Setting;
import com.playtcha.jakarta.cluster.counts.StartWindow;
import com.playtcha.jakarta.cluster.counts.StoreFailure;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.event.Event;
import io.lettuce.core.event.connection.ConnectionActivatedEvent;
import io.lettuce.core.event.connection.ReconnectFailedEvent;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import reactor.core.Disposable;

/**
 * One Lettuce connection to what {@code playtcha.redis.uri} names ({@link RedisTopology}: a server, a
 * Sentinel group or a Redis Cluster), shared by everything of one JVM that names the same URI (Lettuce
 * pipelines the calls of many threads on one connection), counted by its users and closed by the last;
 * its bounds are those of the first user's {@code playtcha.cluster.timeout}. A call never waits for a
 * connection: while there is none, it fails at once ({@link NoConnection}), in the words of what the link
 * knows of the server ({@link Reach}): only a server known to be away puts a node on its own state.
 *
 * <p>Bounds: a connection attempt (TCP, TLS, {@code AUTH}, {@code SELECT}, a Sentinel's answer) and a
 * command each have {@link #bound} (four times {@code cluster.timeout}, 1 s to 10 s); a start waits for one
 * attempt, on this link's thread, at most that and {@link #START} more (a cold JVM's first connection), and
 * never past the start's one bound for all its shared parts ({@code playtcha.cluster.start-timeout}). A
 * server that cannot be reached lets the start go on (one WARNING) while that thread tries again every
 * second (one INFO when connected); once connected, Lettuce reconnects by itself, and each connection made
 * again has the parts on their own state ask the server at once ({@link #onAnswers}). A server that is there
 * but refuses this node ({@link RedisTopology#refusal}), or that does not let its user run what the
 * scripts run ({@link #PROBE}, on a key of each kind), fails the start, naming the key; met later, on a
 * reconnection, it is {@link Reach.Refused}: a login needs a token and the budgets are this node's own
 * until it accepts again (one WARNING, one INFO). A claim on a Sentinel group or a Cluster waits for a
 * replica ({@link #callReplicated}); the server's epoch ({@link #readEpoch}) tells a restart that forgot.
 *
 * <p>Failures are told in the words {@code counts.StoreFailure} reads ({@link #signal}): away as a
 * {@link ConnectException} beneath, no answer in time as Lettuce's {@link RedisCommandTimeoutException}.
 * Every call from a thread not Netty's leaves no Netty thread-local on it ({@link #dispatch}), so an
 * application server's threads keep nothing of a stopped application's.
 */
final class RedisLink {

    private static final System.Logger LOG = System.getLogger(RedisLink.class.getName());
    private static final Map<String, RedisLink> OPEN = new HashMap<>();
    private static final Duration RETRY = Duration.ofSeconds(1);
    /**
     * What a start waits for its attempt beyond {@link #bound}: a JVM's first connection loads and readies Lettuce,
     * Netty and Reactor, which took up to 4 s on a busy 2-core machine before a byte was sent.
     */
    static final Duration START = Duration.ofSeconds(5);
    /** Every command the scripts (ours and Bucket4j's) run, on one key: a user without the rights fails the start. */
    private static final Script PROBE = Script.of("""
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
    /** A key of each kind the module writes, whose rights a start checks ({@link #PROBE}). */
    private static final List<String> KINDS = List.of(RedisBackend.BUDGETS, RedisBackend.LOGIN_RATE, RedisLevels.PREFIX, RedisTable.PREFIX);
    /** The server's epoch ({@link #readEpoch}), in the ledger's slot. */
    private static final byte[] EPOCH = bytes(RedisTable.PREFIX + "epoch");

    private final String key;
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
    /** What this link knows of the server now; replaced as the attempts and Lettuce's events tell. */
    private final AtomicReference<Reach> reach = new AtomicReference<>(new Reach.Away("not connected yet"));
    /** The attempts every second after a start without the server; cancelled once connected. */
    private volatile ScheduledFuture<?> retrying;
    /** Whether the connection was lost since it was last made: its next making reads the server's {@link #epoch} again. */
    private volatile boolean lostSinceConnected;
    /** The server's epoch ({@link #EPOCH}) as this link read it last; another, or none, means it forgot what it held. */
    private volatile String epoch;
    /** Guarded by {@link #OPEN}. */
    private int users;

    private RedisLink(String key, PlaytchaSettings.Redis redis, Duration clusterTimeout) {
        this.key = key;
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
     * The link to this server, opened (one bounded connection attempt, {@link #bound} of {@code clusterTimeout}) by its
     * first user, whichever part that is; every user {@link #release}s it.
     *
     * @throws InvalidSettingException naming {@code playtcha.redis.uri} when the server is there but refuses this node
     */
    static RedisLink acquire(PlaytchaSettings.Redis redis, Duration clusterTimeout) {
        return acquire(redis, clusterTimeout, null);
    }

    /**
     * The link as {@link #acquire(PlaytchaSettings.Redis, Duration)} gives it, its first attempt waited for no
     * longer than what is left of {@code start}, the node's one start-up bound for its shared parts
     * ({@code playtcha.cluster.start-timeout}); {@code null}: the attempt's own bound alone.
     */
    static RedisLink acquire(PlaytchaSettings.Redis redis, Duration clusterTimeout, StartWindow start) {
        String key = redis.uri();
        synchronized (OPEN) {
            RedisLink link = OPEN.get(key);
            if (link == null) {
                link = new RedisLink(key, redis, clusterTimeout);
                link.start(start);
                OPEN.put(key, link);
            }
            link.users++;
            return link;
        }
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
                    where, reach.get() instanceof Reach.Away away ? away.why() : "no answer within " + bound.toMillis() + " ms");
            retrying = thread.scheduleWithFixedDelay(this::reconnect, RETRY.toMillis(), RETRY.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * What the link knows of the server, one value at a time: a call that finds no connection fails in its words
     * ({@link #noConnection}), so only a server known to be away puts a node on its own counts.
     */
    sealed interface Reach {
        /** Connected: a failed call says what it met. */
        record Connected() implements Reach {
        }

        /** The connection was lost and Lettuce reconnects: nothing known yet, so a login needs a token meanwhile. */
        record Lost() implements Reach {
        }

        /** The server cannot be reached (refused, reset, silent): the node's own state. */
        record Away(String why) implements Reach {
        }

        /** The server is there but refuses this node: a token for a login, never the node's own counts. */
        record Refused(String why) implements Reach {
        }
    }

    /** One connection attempt and the rights' probe: {@code null} (connected, or not there), or the refusal. */
    private String attempt() {
        RedisTopology.Connected made = null;
        try {
            made = topology.connect();
            probe(made);
            made.connection().addListener(new RedisConnectionStateListener() {
                @Override
                public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                    lostSinceConnected = true;
                    reach.set(new Reach.Lost());
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
            reach.set(new Reach.Connected());
            readEpoch();
            return null;
        } catch (RuntimeException e) {
            if (made != null) {
                made.close();
            }
            String refusal = RedisTopology.refusal(e);
            if (refusal == null) {
                reach.set(new Reach.Away(message(e)));
            }
            return refusal;
        } finally {
            leaveNoThreadLocals();
        }
    }

    /** The server answers (a connection made, or a call answered): connected. */
    private void answered() {
        if (reach.getAndSet(new Reach.Connected()) instanceof Reach.Refused) {
            LOG.log(Level.INFO, "Redis accepts this node again [store={0}]", where);
        }
    }

    /** The scripts' commands on a key of each kind, and {@code WAIT} where replicas take over; a refusal throws. */
    private void probe(RedisTopology.Connected made) {
        try {
            for (String kind : KINDS) {
                byte[][] key = {bytes(kind + "probe")};
                RedisFuture<Long> run = made.commands().eval(PROBE.text(), ScriptOutputType.INTEGER, key);
                run.get(bound.toNanos(), TimeUnit.NANOSECONDS);
            }
            made.commands().ping().get(bound.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RedisCommandExecutionException r && !RedisTopology.transientAnswer(r.getMessage())) {
                throw new RedisConnectionException("refused: " + r.getMessage(), r);
            }
        } catch (TimeoutException e) {
            // slow now: the calls tell
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
     * made again and ready for commands (its handshake done), after which the {@link #onAnswers} listeners run on
     * this link's thread, never Lettuce's.
     */
    private void event(Event event) {
        if (event instanceof ConnectionActivatedEvent && connected != null) {
            try {
                thread.execute(() -> answering.forEach(Runnable::run));
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                // the link is closing: nobody to tell
            }
        } else if (event instanceof ReconnectFailedEvent failed) {
            String refusal = RedisTopology.refusal(failed.getCause());
            if (refusal != null) {
                refusedNow(refusal);
            } else {
                reach.set(new Reach.Away(message(failed.getCause())));
            }
        }
    }

    private void refusedNow(String refusal) {
        if (!(reach.getAndSet(new Reach.Refused(refusal)) instanceof Reach.Refused)) {
            LOG.log(Level.WARNING, "Redis refuses this node: logins need a token, budgets are this node''s own and claims go "
                    + "unanswered until it accepts [store={0}, cause={1}]", where, refusal);
        }
    }

    /** Runs {@code then} each time the link finds that the server forgot what it held ({@link #EPOCH}). */
    void onForgotten(Runnable then) {
        forgotten.add(then);
    }

    /** No longer runs {@code then} ({@link #onForgotten}). */
    void noLongerOnForgotten(Runnable then) {
        forgotten.remove(then);
    }

    /**
     * Runs {@code then}, on this link's thread, each time a connection is made again (Lettuce's reconnection, or
     * this link's first after a start without the server): the parts on their own state ask the server at once,
     * whatever traffic comes. {@code then} must not wait for the server.
     */
    void onAnswers(Runnable then) {
        answering.add(then);
    }

    /** No longer runs {@code then} ({@link #onAnswers}). */
    void noLongerOnAnswers(Runnable then) {
        answering.remove(then);
    }

    /**
     * Reads the server's epoch: a random value the first node to find none writes ({@code SET NX}), which a
     * restart without persistence loses (and a failover to a replica keeps). Another than the one read before
     * means the server forgot what it held: the {@link #onForgotten} listeners run. On this link's thread.
     */
    private void readEpoch() {
        RedisTopology.Connected now = connected;
        try {
            byte[] mine = bytes(java.util.UUID.randomUUID().toString());
            await(dispatch(c -> c.set(EPOCH, mine, io.lettuce.core.SetArgs.Builder.nx())), bound);
            String read = new String(await(dispatch(c -> c.get(EPOCH)), bound), StandardCharsets.UTF_8);
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
     * Sends one command (or script) built by {@code call} on the connection of the moment, and leaves no
     * Netty thread-local on a thread not Netty's; fails at once as refused while there is no connection.
     */
    <T> RedisFuture<T> dispatch(Function<RedisClusterAsyncCommands<byte[], byte[]>, RedisFuture<T>> call) {
        RedisTopology.Connected now = connected;
        if (now == null || !now.connection().isOpen()) {
            throw noConnection("not connected");
        }
        return dispatch(now.commands(), call);
    }

    private <T> RedisFuture<T> dispatch(RedisClusterAsyncCommands<byte[], byte[]> on,
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

    /** Waits at most {@code wait} for a call's answer; its failure in {@link #failure}'s words. */
    <T> T await(RedisFuture<T> call, Duration wait) {
        try {
            T answer = call.get(wait.toNanos(), TimeUnit.NANOSECONDS);
            if (!(reach.get() instanceof Reach.Connected)) {
                answered();
            }
            return answer;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            call.cancel(true);
            throw new IllegalStateException(new InterruptedException("interrupted waiting for " + where));
        } catch (ExecutionException | TimeoutException e) {
            call.cancel(true);
            throw failure(e);
        }
    }

    /**
     * Loads the scripts into the server's cache ({@code SCRIPT LOAD}; on every primary of a Cluster) when
     * connected, so a node's first calls are one {@code EVALSHA} each; a failure is left to the calls.
     */
    void load(Script... scripts) {
        try {
            for (Script script : scripts) {
                await(dispatch(c -> c.scriptLoad(bytes(script.text()))), bound);
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
     * A failed call in the words {@code counts.StoreFailure} reads: no answer in time stays Lettuce's timeout
     * (the store gave up: a token); no connection, a connection lost or closed becomes {@link NoConnection},
     * as the link knows the server ({@link Reach}); an error the server answered says nothing either way (a token).
     */
    RuntimeException failure(Throwable e) {
        Throwable c = e instanceof ExecutionException || e instanceof CompletionException ? e.getCause() : e;
        if (c == null) {
            c = e;
        }
        if (c instanceof RedisCommandTimeoutException || c instanceof TimeoutException) {
            return c instanceof RuntimeException r ? r : new RedisCommandTimeoutException("no answer from " + where + " in time");
        }
        if (c instanceof RedisCommandExecutionException r) {
            return r;
        }
        if (c instanceof RedisConnectionException || c instanceof RedisException && lost(c.getMessage())) {
            return noConnection(message(c));
        }
        return c instanceof RuntimeException r ? r : new RedisException(c);
    }

    private static boolean lost(String message) {
        String m = message == null ? "" : message.toLowerCase(java.util.Locale.ROOT);
        return m.contains("not connected") || m.contains("connection closed") || m.contains("connection reset")
                || m.contains("commands are rejected");
    }

    /** A call no connection took, or that a lost connection dropped, in the words of what the link knows now. */
    private NoConnection noConnection(String why) {
        Reach now = reach.get();
        if (now instanceof Reach.Away away) {
            return new NoConnection(where + " refused or broke the call: " + why + " (" + away.why() + ")", true);
        }
        String known = now instanceof Reach.Refused refused ? "refuses this node (" + refused.why() + ")" : "is being reconnected";
        return new NoConnection(where + " " + known + ": " + why, false);
    }

    /**
     * A call with no connection: the server {@code away} (a {@link ConnectException} beneath: the node's own
     * state), or not known to be (just lost, or refusing this node: a login needs a token, {@link #signal}).
     */
    static final class NoConnection extends UncheckedIOException {
        private static final long serialVersionUID = 1L;
        private final boolean away;

        NoConnection(String message, boolean away) {
            super(message, away ? new ConnectException(message) : new java.io.IOException(message));
            this.away = away;
        }
    }

    /** What a cause of this module's own says of the store, for {@code counts.StoreFailure}: only a server away is down. */
    static StoreFailure signal(Throwable cause) {
        return cause instanceof NoConnection n ? (n.away ? StoreFailure.DOWN : StoreFailure.GAVE_UP) : null;
    }

    /** Whether a call that failed so was sent to no server (no connection took it). */
    static boolean unsent(RuntimeException e) {
        return e instanceof NoConnection && String.valueOf(e.getMessage()).contains("not connected");
    }

    /**
     * A failure's message, one line, for logs and the status: neither the URI's password nor its length is in it, since
     * Lettuce holds the credentials as a provider, and so quotes its URIs without them ({@link RedisTopology}).
     */
    static String message(Throwable e) {
        Throwable deepest = e;
        while (deepest.getCause() != null && deepest.getCause() != deepest) {
            deepest = deepest.getCause();
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage() + (deepest == e ? "" : " (" + deepest + ")");
    }

    /** The store, for messages: {@code redis redis://user:****@host:port/db}. */
    String where() {
        return where;
    }

    /** One user less; the last closes the connection, the clients and their threads. */
    void release() {
        synchronized (OPEN) {
            if (--users > 0) {
                return;
            }
            OPEN.remove(key);
        }
        close();
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

    /** Bytes of a key or an argument. */
    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A Lua script, run as {@code EVALSHA} of its SHA-1 and, when the server answers {@code NOSCRIPT} (it
     * restarted, failed over, or never saw it), as {@code EVAL} once more: the text goes over the wire only then.
     */
    record Script(String text, String sha) {
        static Script of(String text) {
            try {
                byte[] digest = java.security.MessageDigest.getInstance("SHA-1").digest(bytes(text));
                return new Script(text, java.util.HexFormat.of().formatHex(digest));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Whether a failure is the server's {@code NOSCRIPT}: run it again with its text. */
        static boolean unknown(Throwable e) {
            for (Throwable c = e; c != null; c = c.getCause()) {
                if (c instanceof RedisCommandExecutionException && String.valueOf(c.getMessage()).startsWith("NOSCRIPT")) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * Runs {@code script} over {@code keys} (the first names the slot, in a Cluster: the others share it) and waits
     * for it at most {@code wait} ({@code null}: {@link #bound}): {@code EVALSHA}, one round trip; {@code EVAL} with
     * its text when the server does not know it yet.
     */
    <T> T call(Script script, ScriptOutputType type, List<byte[]> keys, byte[][] args, Duration wait) {
        byte[][] k = keys.toArray(new byte[0][]);
        Duration bounded = wait == null ? bound : wait;
        try {
            return await(dispatch(c -> c.<T>evalsha(script.sha(), type, k, args)), bounded);
        } catch (RedisCommandExecutionException e) {
            if (!Script.unknown(e)) {
                throw e;
            }
            return await(dispatch(c -> c.<T>eval(script.text(), type, k, args)), bounded);
        }
    }

    /**
     * {@link #call} for a write that must outlive a failover (a token's claim): where a primary has replicas that
     * may take over ({@link RedisTopology.Kind#failsOver}, {@link RedisReplicas}), the script and a
     * {@code WAIT} for one replica go on their own connection, in order, and the call returns once a replica has
     * the write, waiting for one at most {@link RedisReplicas#PATIENCE} (and half of {@code wait}); past that it
     * throws {@link NotReplicated} (the write is on the primary, and may not outlive it). A {@code WAIT} holds its
     * connection: the writes that wait share one.
     */
    <T> T callReplicated(Script script, ScriptOutputType type, List<byte[]> keys, byte[][] args, Duration given) {
        Duration wait = given == null ? bound : given;
        RedisTopology.Connected now = connected;
        RedisClusterAsyncCommands<byte[], byte[]> on = now == null || !now.kind().failsOver() ? null : now.replicatedOn(keys.get(0));
        if (on == null || !now.connection().isOpen()) {
            return call(script, type, keys, args, wait);
        }
        long deadline = System.nanoTime() + wait.toNanos();
        long patience = Math.max(1, Math.min(wait.toMillis() / 2, RedisReplicas.PATIENCE.toMillis()));
        byte[][] k = keys.toArray(new byte[0][]);
        RedisFuture<T> answer = dispatch(on, c -> c.<T>evalsha(script.sha(), type, k, args));
        RedisFuture<Long> acked = dispatch(on, c -> c.waitForReplication(1, patience));
        T result;
        try {
            result = await(answer, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        } catch (RedisCommandExecutionException e) {
            if (RedisTopology.moving(e)) {
                topology.slotsMoved(); // this connection goes to the node by the slots as read: read them again
                throw e;
            }
            if (!Script.unknown(e)) {
                throw e;
            }
            answer = dispatch(on, c -> c.<T>eval(script.text(), type, k, args));
            acked = dispatch(on, c -> c.waitForReplication(1, patience));
            result = await(answer, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }
        if (!replicas.waited(await(acked, Duration.ofNanos(Math.max(0, deadline - System.nanoTime()) + 5_000_000)))) {
            throw new NotReplicated(where + ": no replica took the write within " + patience + " ms");
        }
        return result;
    }

    /** A write made on the primary that no replica took in time ({@link #callReplicated}): a failover could lose it. */
    static final class NotReplicated extends RedisException {
        private static final long serialVersionUID = 1L;

        NotReplicated(String message) {
            super(message);
        }
    }

}
