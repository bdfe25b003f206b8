package com.playtcha.jakarta.redis;

import com.playtcha.jakarta.core.InvalidSettingException;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.Setting;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One Lettuce connection to the server of {@code playtcha.redis.uri}, shared by everything of one JVM that
 * names the same URI (Lettuce pipelines the calls of many threads on one connection), counted by its
 * users and closed by the last; its bounds are those of the first user's {@code playtcha.cluster.timeout}.
 * A call never waits for a connection: while there is none, it fails at once as refused ({@link #failure}),
 * and the node keeps its own state.
 *
 * <p>Bounds: a connection attempt (TCP, TLS, {@code AUTH}, {@code SELECT}) and a command each have
 * {@link #bound} (four times {@code cluster.timeout}, 1 s to 10 s); a start waits for one attempt and no
 * more. When the server is not there, the start goes on without it (one WARNING) and a thread of the
 * link's own tries again every second until it answers (one INFO); once connected, Lettuce reconnects
 * by itself, within a second of the server's return. A server that answers the connection with an error
 * (a wrong password, an ACL user without the rights, no such database) fails the start, naming the key.
 *
 * <p>Failures are told in the words {@code counts.StoreFailure} reads: refused or broken as a
 * {@link ConnectException} beneath, no answer in time as Lettuce's {@link RedisCommandTimeoutException}.
 */
final class RedisLink {

    private static final System.Logger LOG = System.getLogger(RedisLink.class.getName());
    private static final Map<String, RedisLink> OPEN = new HashMap<>();
    private static final Duration RETRY = Duration.ofSeconds(1);
    /** {@code playtcha.cluster.timeout}'s default, for a link the ledger opens first (its settings do not carry the timeout). */
    private static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(250);

    private final String key;
    private final String where;
    private final Duration bound;
    private final ClientResources resources;
    private final RedisClient client;
    private final RedisURI uri;
    private final ScheduledExecutorService reconnecting;
    private volatile StatefulRedisConnection<byte[], byte[]> connection;
    /** Guarded by {@link #OPEN}. */
    private int users;

    private RedisLink(String key, PlaytchaSettings.Redis redis, Duration clusterTimeout) {
        this.key = key;
        this.where = "redis " + redis;
        this.bound = bound(clusterTimeout);
        this.uri = RedisURI.create(redis.uri());
        uri.setTimeout(bound);
        resources = ClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2)
                .reconnectDelay(Delay.exponential(Duration.ofMillis(10), RETRY, 2, TimeUnit.MILLISECONDS)).build();
        client = RedisClient.create(resources);
        client.setOptions(ClientOptions.builder().autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS) // a call never waits for a connection
                .socketOptions(SocketOptions.builder().connectTimeout(bound).keepAlive(true).build())
                .timeoutOptions(TimeoutOptions.enabled(bound)).build());
        reconnecting = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread t = new Thread(task, "playtcha-redis-connect");
            t.setDaemon(true);
            t.setContextClassLoader(null);
            return t;
        });
    }

    /** Four times {@code cluster.timeout}, 1 s to 10 s: what the server has to answer a command, or a connection attempt. */
    static Duration bound(Duration clusterTimeout) {
        Duration four = clusterTimeout.multipliedBy(4);
        return four.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1)
                : four.compareTo(Duration.ofSeconds(10)) > 0 ? Duration.ofSeconds(10) : four;
    }

    /**
     * The link to this server, opened (one bounded connection attempt) by its first user; every user {@link #release}s it.
     *
     * @throws InvalidSettingException naming {@code playtcha.redis.uri} when the server refuses the connection's login or database
     */
    static RedisLink acquire(PlaytchaSettings.Redis redis, Duration clusterTimeout) {
        String key = redis.uri();
        synchronized (OPEN) {
            RedisLink link = OPEN.get(key);
            if (link == null) {
                link = new RedisLink(key, redis, clusterTimeout != null ? clusterTimeout : DEFAULT_TIMEOUT);
                link.start();
                OPEN.put(key, link);
            }
            link.users++;
            return link;
        }
    }

    private void start() {
        try {
            connect();
        } catch (RedisConnectionException e) {
            if (answered(e)) {
                close();
                throw new InvalidSettingException(Setting.REDIS_URI, "names a Redis server that refuses this node ("
                        + message(e) + "): check the user, the password and the database index; got " + where.substring(6));
            }
            LOG.log(Level.WARNING, "Redis is not there at start: this node keeps its own budgets and login counts, and holds "
                    + "the tokens it lets through on its own, until it answers; tried again every second [store={0}, cause={1}]",
                    where, message(e));
            reconnecting.scheduleWithFixedDelay(this::reconnect, RETRY.toMillis(), RETRY.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void connect() {
        connection = client.connect(ByteArrayCodec.INSTANCE, uri);
    }

    private void reconnect() {
        if (connection != null) {
            return;
        }
        try {
            connect();
            LOG.log(Level.INFO, "Redis answers: this node shares again [store={0}]", where);
            reconnecting.shutdown();
        } catch (RuntimeException stillAway) {
            LOG.log(Level.DEBUG, "Redis still not there [store={0}, cause={1}]", where, message(stillAway));
        }
    }

    /** Whether the server answered the connection with an error (a login, an ACL, a database index), not silence or a refusal. */
    private static boolean answered(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof RedisCommandExecutionException) {
                return true;
            }
        }
        return false;
    }

    /** The commands, or the failure of a call made while there is no connection (refused, for {@code counts.StoreFailure}). */
    RedisAsyncCommands<byte[], byte[]> commands() {
        StatefulRedisConnection<byte[], byte[]> now = connection;
        if (now == null || !now.isOpen()) {
            throw refused("not connected");
        }
        return now.async();
    }

    /** Waits at most {@code bound} for a call's answer; its failure in {@link #failure}'s words. */
    <T> T await(RedisFuture<T> call, Duration wait) {
        try {
            return call.get(wait.toNanos(), TimeUnit.NANOSECONDS);
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
     * Loads the scripts into the server's cache ({@code SCRIPT LOAD}) when connected, so a node's first
     * calls are one {@code EVALSHA} each and the path to the server is warm; a failure is left to the calls.
     */
    void load(Script... scripts) {
        try {
            for (Script script : scripts) {
                await(commands().scriptLoad(bytes(script.text())), bound);
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
     * (the store gave up: a token); no connection, a connection lost or closed becomes a refusal (a
     * {@link ConnectException} beneath: the node's own state); an error the server answered says nothing
     * either way (a token).
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
            return refused(message(c));
        }
        return c instanceof RuntimeException r ? r : new RedisException(c);
    }

    private static boolean lost(String message) {
        String m = message == null ? "" : message.toLowerCase(java.util.Locale.ROOT);
        return m.contains("not connected") || m.contains("connection closed") || m.contains("connection reset")
                || m.contains("commands are rejected");
    }

    private UncheckedIOException refused(String why) {
        return new UncheckedIOException(where + " refused or broke the call: " + why, new ConnectException(why));
    }

    /** A failure's message, one line, for logs (the URI's password is never in it: Lettuce names host and port). */
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

    /** One user less; the last closes the connection, the client and its threads. */
    void release() {
        synchronized (OPEN) {
            if (--users > 0) {
                return;
            }
            OPEN.remove(key);
        }
        close();
    }

    private void close() {
        reconnecting.shutdownNow();
        StatefulRedisConnection<byte[], byte[]> open = connection;
        connection = null;
        try {
            if (open != null) {
                open.close();
            }
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            resources.shutdown(0, 2, TimeUnit.SECONDS);
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "Redis client not closed cleanly [store={0}, cause={1}]", where, message(e));
        }
    }

    /** Bytes of a key or an argument. */
    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A Lua script, run as {@code EVALSHA} of its SHA-1 and, when the server answers {@code NOSCRIPT} (it
     * restarted, or never saw it), as {@code EVAL} once more: the text goes over the wire only then.
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

        <T> RedisFuture<T> run(RedisAsyncCommands<byte[], byte[]> commands, ScriptOutputType type, byte[][] keys, byte[]... args) {
            return commands.evalsha(sha, type, keys, args);
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
     * Runs {@code script} and waits for it at most {@code wait} ({@code null}: {@link #bound}): {@code EVALSHA}, one
     * round trip; {@code EVAL} with its text when the server does not know it yet (it restarted, or never saw it).
     */
    <T> T call(Script script, ScriptOutputType type, List<byte[]> keys, byte[][] args, Duration wait) {
        byte[][] k = keys.toArray(new byte[0][]);
        Duration bounded = wait == null ? bound : wait;
        try {
            return await(script.run(commands(), type, k, args), bounded);
        } catch (RedisCommandExecutionException e) {
            if (!Script.unknown(e)) {
                throw e;
            }
            return await(commands().eval(script.text(), type, k, args), bounded);
        }
    }
}
