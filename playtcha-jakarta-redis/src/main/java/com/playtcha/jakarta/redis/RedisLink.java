package com.playtcha.jakarta.redis;

import com.playtcha.jakarta.cluster.counts.StartWindow;
import com.playtcha.jakarta.core.InvalidSettingException;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.Setting;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import reactor.core.Disposable;

/**
 * One Lettuce connection to what {@code playtcha.redis.uri} names ({@link RedisTopology}: a server, a
 * Sentinel group or a Redis Cluster), shared by everything of one JVM that names the same URI
 * ({@link RedisLinks}; Lettuce pipelines the calls of many threads on one connection): its start, its attempts
 * and their thread, and the news it tells its parts ({@link #hearing}). Beside it, as Lettuce keeps topology,
 * connection state and commands apart: what it knows of the server and of each node ({@link RedisNodes}), the
 * server's epoch ({@link RedisEpoch}), and the call path every part sends on ({@link #calls}): a call never waits
 * for a connection, and every failure is told as {@link RedisFailure} says, judged by what the link knows of the
 * node that serves the call's key: in a Redis Cluster, the primary of the key's slot (Lettuce's topology), so a
 * failover is the size of the slots it hit.
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
 * this node's own until it accepts again (one WARNING, one INFO). The server's epoch ({@link RedisEpoch}) tells a
 * restart that forgot. It says what its nodes and its epoch tell it, in the log lines docs/redis.md lists.
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
    private final RedisNodes nodes;
    private final RedisCalls calls;
    private final RedisEpoch epoch;
    /** The attempts every second after a start without the server; cancelled once connected. */
    private volatile ScheduledFuture<?> retrying;

    private RedisLink(PlaytchaSettings.Redis redis, Duration clusterTimeout) {
        this.uri = redis.uri();
        this.where = "redis " + redis;
        this.bound = bound(clusterTimeout);
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
        nodes = new RedisNodes(new Said());
        calls = new RedisCalls(where, bound, nodes, topology);
        epoch = new RedisEpoch(calls, nodes, thread, this::forgot);
        events = resources.eventBus().get().subscribe(nodes::event);
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
        if (nodes.connected() == null) {
            RedisFailure.Reach reach = nodes.reach();
            LOG.log(Level.WARNING, "Redis is not there at start: this node keeps its own budgets and login counts, and holds "
                    + "the tokens it lets through on its own, until it answers; tried again every second [store={0}, cause={1}]",
                    where, reach.kind() == RedisFailure.Kind.AWAY ? reach.why() : "no answer within " + bound.toMillis() + " ms");
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
                    epoch.lost();
                    nodes.lost(connection);
                }

                @Override
                public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
                    nodes.answered();
                    epoch.madeAgain();
                }
            });
            nodes.connected(made);
            epoch.read();
            return null;
        } catch (RuntimeException e) {
            if (made != null) {
                made.close();
            }
            String refusal = RedisFailure.refusal(e);
            if (refusal == null) {
                nodes.away(RedisFailure.message(e));
            }
            return refusal;
        } finally {
            RedisCalls.leaveNoThreadLocals();
        }
    }

    private void reconnect() {
        String refusal = nodes.connected() == null ? attempt() : null;
        if (nodes.connected() != null) {
            retrying.cancel(false);
            LOG.log(Level.INFO, "Redis answers: this node shares again [store={0}]", where);
            answering.forEach(Runnable::run);
        } else if (refusal != null) {
            nodes.refused(refusal);
        }
    }

    /** What the link says of its nodes' news ({@link RedisNodes.News}): its log lines, and its parts told. */
    private final class Said implements RedisNodes.News {
        @Override
        public void acceptedAgain(String node) {
            if (node == null) {
                LOG.log(Level.INFO, "Redis accepts this node again [store={0}]", where);
            } else {
                LOG.log(Level.INFO, "Redis accepts this node again [store={0}, node={1}]", where, node);
            }
        }

        @Override
        public void refused(String why) {
            LOG.log(Level.WARNING, "Redis refuses this node: logins need a token, budgets are this node''s own and claims go "
                    + "unanswered until it accepts [store={0}, cause={1}]", where, why);
        }

        /** The {@link #hearing} listeners run on this link's thread, never Lettuce's. */
        @Override
        public void madeAgain() {
            try {
                thread.execute(() -> answering.forEach(Runnable::run));
            } catch (RejectedExecutionException closed) {
                // the link is closing: nobody to tell
            }
        }
    }

    /** The server forgot what it held ({@link RedisEpoch}): said once, and the parts that hear it forget. */
    private void forgot() {
        LOG.log(Level.INFO, "Redis forgot what it held (it restarted without persistence): budgets start full on every node "
                + "[store={0}]", where);
        forgotten.forEach(Runnable::run);
    }

    /** The call path every part of this link sends on. */
    RedisCalls calls() {
        return calls;
    }

    /** The URI this link was opened for, as {@link RedisLinks} keys it. */
    String uri() {
        return uri;
    }

    /**
     * Tells a part of this link's news once it is opened ({@link Hearing#opened}): {@code answers} on this link's
     * thread each time a connection is made again (Lettuce's reconnection, or this link's first after a start without
     * the server), so the parts on their own state ask the server at once, whatever traffic comes; {@code forgotten}
     * ({@code null}: nothing) each time the server forgot what it held ({@link RedisEpoch}). Neither may wait for the server.
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
     * Closes all this link opened, and waits (a few seconds at most) for its threads to end: an undeployed application
     * leaves none. By its last user ({@link RedisLinks#release}), or a start it refused.
     */
    void close() {
        thread.shutdownNow();
        events.dispose();
        RedisTopology.Connected open = nodes.closing();
        try {
            if (open != null) {
                open.close();
            }
            topology.close(Duration.ofSeconds(2));
            resources.shutdown(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3_000);
            thread.awaitTermination(2, TimeUnit.SECONDS);
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "Redis client not closed cleanly [store={0}, cause={1}]", where, RedisFailure.message(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            RedisCalls.leaveNoThreadLocals();
        }
    }
}
