package com.playtcha.jakarta.cluster.counts;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.core.VerifierStatus.LocalFault;
import com.playtcha.jakarta.spi.store.AddressKey;
import com.playtcha.jakarta.spi.store.Budgets;
import com.playtcha.jakarta.spi.store.VerifierClock;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.proxy.ExecutionStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.NopeOptimizationListener;
import io.github.bucket4j.distributed.proxy.optimization.Optimization;
import io.github.bucket4j.distributed.proxy.optimization.manual.ManuallySyncingOptimization;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * The client budgets every node of a cluster shares, kept by Bucket4j on the store a backend opens them
 * on: a JCache cache ({@code jcache}), Redis (its module), or the ledger's PostgreSQL ({@code jdbc}).
 *
 * <p>A verify spends from this node's own buckets (the {@code local} budgets it is given) first, then from the cluster's
 * bucket of its address or /64 (the /56 and /48 stay per node); a refused verify spends nothing. A node
 * lets up to {@link #unsynchronized} of a client's verifies through before it tells the cluster, on its
 * telling threads, so no verify waits for the store on the happy path. One past that waits only for its
 * client's telling under way, at most {@code playtcha.cluster.timeout}, and is then refused for
 * {@link #BACKLOGGED}. A store that fails puts the node on its own buckets ({@link StoreCalls}). At most
 * {@code playtcha.client-budget.addresses} clients are kept. Users: docs/cluster.md and
 * docs/outages-and-ledger.md, "One client cannot spend everyone's quota"; why: design/cluster.md.
 */
public final class SharedBudgets implements Budgets {

    /** The {@code Retry-After} of a verify refused because its telling waited in line past the bound. */
    static final Duration BACKLOGGED = Duration.ofSeconds(1);
    /** Parts of the known clients at most: a lock per part, as the node's own buckets have. */
    private static final int PARTS = 64;
    /** Clients per part below which there are fewer parts: a small bound keeps its order nearly exact. */
    private static final int PART_AT_LEAST = 16;
    /** Tellings waiting for the telling threads at most; a client whose telling finds no room is told at a later verify. */
    static final int TELLS_WAITING = 256;

    private final Budgets local;
    private final ProxyManager<Long> store;
    private final StoreCalls calls;
    private final Runnable closed;
    private final BucketConfiguration configuration;
    /** A client's copy refills on the verifier's clock, as the cluster's bucket does. */
    private final Optimization optimization;
    private final long unsynchronized;
    /** {@code playtcha.cluster.timeout}: the longest a verify waits for its client's telling. */
    private final Duration timeout;
    private final ThreadPoolExecutor tells;
    /** Whether the store forgot while this node was away: its first answer then forgets what this node kept ({@link #forget}). */
    private final java.util.concurrent.atomic.AtomicBoolean forgetOnReturn = new java.util.concurrent.atomic.AtomicBoolean();
    /** The clients this node knows, in parts locked apart (a verify locks one), each forgetting its least recently used. */
    private final List<Map<String, Client>> clients;

    private SharedBudgets(PlaytchaSettings.ClientBudget settings, Duration timeout, Budgets local, ProxyManager<Long> store,
            TimeMeter clock, StoreCalls calls, Runnable closed, String verifier) {
        this.optimization = new ManuallySyncingOptimization(NopeOptimizationListener.INSTANCE, clock);
        this.local = local;
        this.closed = closed;
        this.store = store;
        this.calls = calls;
        configuration = BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(settings.burst()).refillGreedy(settings.perMinute(), Duration.ofMinutes(1))).build();
        unsynchronized = unsynchronized(settings);
        this.timeout = timeout;
        AtomicInteger count = new AtomicInteger();
        tells = new ThreadPoolExecutor(StoreCalls.THREADS, StoreCalls.THREADS, 1, TimeUnit.MINUTES, new ArrayBlockingQueue<>(TELLS_WAITING),
                StoreCalls.daemons(() -> verifier + "-budget-tell-" + count.incrementAndGet()));
        tells.allowCoreThreadTimeOut(true);
        clients = inParts(settings.addresses());
        calls.cleanEveryMinute(store);
    }

    /** Room for {@code addresses} clients, in parts whose shares add up to it, each forgetting its least recently used. */
    private static List<Map<String, Client>> inParts(int addresses) {
        int parts = Math.min(PARTS, Integer.highestOneBit(Math.max(1, addresses / PART_AT_LEAST)));
        List<Map<String, Client>> known = new ArrayList<>(parts);
        for (int i = 0; i < parts; i++) {
            int capacity = addresses / parts + (i < addresses % parts ? 1 : 0);
            known.add(new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Client> eldest) {
                    return size() > capacity;
                }
            });
        }
        return List.copyOf(known);
    }

    /**
     * Verifies a node may let through before it tells the cluster: a tenth of the burst, or what the
     * budget earns back in a second when that is more; at least one. The tenth bounds what a client spread
     * over the nodes gets beyond its budget at the default settings (3 a node). The second's refill is
     * for a budget raised far above its burst (a NAT, an API gateway, a load test from one address):
     * there a tenth of the burst would tell the store about every 3 verifies of a client posting at its
     * budget's pace (1.33 round trips a verify), and make its verifies that arrive meanwhile wait for
     * each telling. With it such a client costs a telling a second per node at most, and gets beyond
     * its budget at most a second of it per node, paid back as any overshoot is.
     */
    public static long unsynchronized(PlaytchaSettings.ClientBudget settings) {
        return Math.max(1, Math.max(settings.burst() / 10, settings.perMinute() / 60));
    }

    /**
     * Budgets kept by the store that {@code open} makes on the threads it is given.
     *
     * @param clock    the verifier's: the buckets' time (Bucket4j's client clock), and when to try the store again
     * @param open     Bucket4j's proxies on the store, given how their calls run ({@link StoreCalls#execution}) and the
     *                clock they read ({@link StoreCalls#meter})
     * @param store    where the store is, how its failures read, and what {@link #close} closes after the threads
     * @param verifier the verifier's thread-name prefix
     */
    public static SharedBudgets open(PlaytchaSettings settings, Budgets local, VerifierClock clock,
            BiFunction<ExecutionStrategy, TimeMeter, ProxyManager<Long>> open, StoreHandle store, String verifier) {
        StoreCalls calls = new StoreCalls(SharedBudgets.class, "Client budgets", "this node spends from its own until they answer "
                + "again, so a client may get up to one budget per node meanwhile", store, verifier + "-budget",
                settings.clusterTimeout(), clock);
        try {
            TimeMeter meter = StoreCalls.meter(clock);
            ProxyManager<Long> buckets = open.apply(calls.execution(), meter);
            return new SharedBudgets(settings.clientBudget(), settings.clusterTimeout(), local, buckets, meter, calls, store.closed(),
                    verifier);
        } catch (RuntimeException | Error e) {
            calls.close(() -> {
            });
            throw e;
        }
    }

    /**
     * While the store is away: no copy to answer from, only the store's own answer shares the budgets again. Asked
     * for a client the node's own buckets refused too (a read, nothing {@code spent}), so that it brings the
     * forgetting of a store that forgot, else the node refuses by what the store no longer holds until its own
     * buckets refill.
     */
    private void probe(long key, boolean spent) {
        calls.probe(probing(key, spent));
    }

    /**
     * The store answers again (its backend made its connection again): while away, a probe reads a bucket of no
     * client now, on this node's threads, so the next verify spends from the shared budgets; never waits.
     */
    public void answersAgain() {
        calls.answersAgain(probing(keyOf("playtcha: the store answers again"), false));
    }

    /** A probe's call: {@link #probe}'s, for the client {@code key}. */
    private Runnable probing(long key, boolean spent) {
        return () -> {
            var bucket = store.builder().build(key, () -> configuration);
            if (spent) {
                bucket.tryConsume(1);
            } else {
                bucket.getAvailableTokens();
            }
            if (forgetOnReturn.getAndSet(false)) {
                forgetAll(); // the store forgot while this node was on its own: its full buckets decide from now on
            }
        };
    }

    @Override
    public VerificationResult.Rejected spend(String clientAddress) {
        VerificationResult.Rejected refused = local.spend(clientAddress);
        String text = clientText(clientAddress);
        if (calls.away() != null) {
            probe(keyOf(text), refused == null);
            return refused;
        }
        if (refused != null) {
            return refused;
        }
        Map<String, Client> part = clients.get(spread(text.hashCode()) & (clients.size() - 1));
        Client client;
        synchronized (part) {
            client = part.computeIfAbsent(text, Client::new);
        }
        try {
            Duration wait = client.spend();
            if (wait == null) {
                return null;
            }
            local.refund(clientAddress);
            return Budgets.overBudget(wait);
        } catch (RuntimeException e) { // not expected (a verify asks only its copy): on its own buckets, already spent, and said so
            calls.lost(e);
            return null;
        }
    }

    /**
     * One client as this node knows it: its copy of the cluster's bucket (the last telling's proxy, only
     * ever asked locally after that telling), and what this node let through that the cluster has not been
     * told about. Its verifies are let through while fewer than {@link #unsynchronized} of them are untold,
     * counting those of a telling under way; one telling at a time ({@link #telling}), always on the
     * telling threads.
     */
    private final class Client {
        private final long key;
        /** Guarded by this: the proxy of the last telling that got an answer, which holds that answer's copy; {@code null} before one. */
        private BucketProxy copy;
        /** Guarded by this: verifies let through since the last telling began. */
        private long pending;
        /** Guarded by this: verifies let through that the telling under way tells. */
        private long inFlight;
        /** Guarded by this: the telling waiting for a telling thread or under way there, done when it ends; {@code null} when none. */
        private CompletableFuture<Void> telling;

        Client(String text) {
            key = keyOf(text);
        }

        /**
         * Spends one verify: {@code null} when it goes on, else how long until it may try again. A verify
         * past what this node may let through untold waits for its client's telling, at most
         * {@link #timeout} in all; never for the store itself, and never on the store's behalf.
         */
        Duration spend() {
            boolean waited = false;
            long deadline = 0; // from its first wait on
            while (true) {
                CompletableFuture<Void> told;
                synchronized (this) {
                    if (pending + inFlight < unsynchronized) {
                        return spendUntold();
                    }
                    told = tell(); // all this node may let through untold: wait for the telling, below
                }
                if (told == null) {
                    return BACKLOGGED; // the telling threads' line is full: this node's own backlog
                }
                if (!waited) {
                    waited = true;
                    deadline = System.nanoTime() + timeout.toNanos();
                }
                try {
                    told.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    return BACKLOGGED; // the client posts faster than its tellings are answered
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return BACKLOGGED;
                } catch (ExecutionException e) {
                    throw new IllegalStateException("a telling ends normally", e);
                }
                if (calls.away() != null) {
                    return null; // the telling got no answer: the node is on its own buckets, already spent
                }
            }
        }

        /**
         * Under this, while this node may let more through untold: spends from the copy (no call), and starts
         * a telling once that fills the allowance; {@code null}, or how long until it may try again.
         */
        private Duration spendUntold() {
            if (copy != null) {
                ConsumptionProbe probe = copy.tryConsumeAndReturnRemaining(1); // from the copy: no call
                if (!probe.isConsumed()) {
                    return Duration.ofNanos(Math.max(1, probe.getNanosToWaitForRefill()));
                }
            }
            pending++;
            if (pending + inFlight >= unsynchronized) {
                tell(); // in the background; with no room there, a later verify asks again
            }
            return null;
        }

        /** Under this: the telling under way, else a new one given to the telling threads; {@code null} when they have no room. */
        private CompletableFuture<Void> tell() {
            if (telling == null) {
                CompletableFuture<Void> done = new CompletableFuture<>();
                try {
                    tells.execute(new Telling(this, done));
                    telling = done;
                } catch (RejectedExecutionException fullOrClosed) {
                    return null;
                }
            }
            return telling;
        }

        private void tellInBackground(CompletableFuture<Void> done) {
            try {
                if (calls.away() == null) { // else the store's answer to a probe shares the budgets again first
                    tellNow();
                }
            } catch (StoreCalls.Backlogged | StoreCalls.NoAnswer e) {
                // the line was full, or the node is on its own now: what was not told is told later
            } catch (RuntimeException e) {
                calls.lost(e);
            } finally {
                synchronized (this) {
                    telling = null;
                }
                done.complete(null);
            }
        }

        /**
         * Tells the cluster what this node let through since the last telling, and brings back a copy of
         * the cluster's bucket; on a telling thread, one telling of this client at a time. No verify is
         * let through while it runs (its verifies fill the allowance), so what it tells is all there is.
         *
         * <p>Each telling is a new proxy's one call, {@code consumeIgnoringRateLimits}, whose answer is the
         * new copy. Not the old copy's {@code syncImmediately}: that sends what the copy counted with the
         * call, and when the row is gone (the minute's cleaning deletes a row once its bucket is full again
         * and the store's keeping time went by) Bucket4j makes the bucket again without it; a consume is made again
         * with the bucket. One call either way.
         */
        private void tellNow() {
            long spent;
            synchronized (this) {
                spent = pending;
                inFlight += spent;
                pending = 0;
            }
            BucketProxy proxy = store.builder().withOptimization(optimization).build(key, () -> configuration);
            try {
                if (spent > 0) {
                    proxy.consumeIgnoringRateLimits(spent); // let through already: the cluster's bucket may go below zero
                } else {
                    proxy.getAvailableTokens(); // nothing to tell: the copy alone
                }
            } catch (RuntimeException | Error e) {
                synchronized (this) { // not told: counted again, for the next telling (an Error too: else the client waits for good)
                    inFlight -= spent;
                    pending += spent;
                }
                throw e;
            }
            synchronized (this) {
                inFlight -= spent;
                copy = proxy;
            }
        }
    }

    @Override
    public LocalFault away() {
        return calls.away();
    }

    /**
     * Forgets this node's copies of the clients' buckets and what it spent from its own: the store forgot them
     * (it restarted without persistence), so every node answers from the store's buckets, as a node that just
     * started does, and a client is not refused on one node and let through on another. What a node let through
     * untold goes with its copy: a client gets at most {@link #unsynchronized} more per node for it. While this
     * node is on its own buckets ({@link #away}) they stay: they are what it spends from, and the store's first
     * answer forgets them. Only a store that forgot is a reason: one that was away and kept its buckets keeps
     * this node's too, so a client gets no new budget each time the store comes and goes.
     */
    @Override
    public void forget() {
        if (calls.away() == null) {
            forgetAll();
        } else {
            forgetOnReturn.set(true);
        }
    }

    private void forgetAll() {
        for (Map<String, Client> part : clients) {
            synchronized (part) {
                part.clear();
            }
        }
        local.forget();
    }

    /** A client's telling for the telling threads; {@link #dropped} ends one that {@link #close} took from their line. */
    private record Telling(Client client, CompletableFuture<Void> done) implements Runnable {
        @Override
        public void run() {
            client.tellInBackground(done);
        }

        /** Never to run: the client may ask for another (which the closed threads refuse), and who waits for it goes on. */
        void dropped() {
            synchronized (client) {
                if (client.telling == done) {
                    client.telling = null;
                }
            }
            done.complete(null);
        }
    }

    @Override
    public void close() {
        for (Runnable waiting : tells.shutdownNow()) {
            if (waiting instanceof Telling telling) {
                telling.dropped(); // else a verify waiting for it would wait the whole timeout, and so would each later one of its client
            }
        }
        calls.close(closed);
    }

    /**
     * The cluster's key of a client: the first 8 bytes of SHA-256 of its {@link #clientText} (an address,
     * a /64, other text), the same on every node; no address is stored.
     */
    static long keyOf(String clientText) {
        return hash("playtcha client budget\n", clientText.getBytes(StandardCharsets.UTF_8));
    }

    /** A hash's high bits mixed into its low ones, which pick the part. */
    private static int spread(int hash) {
        return hash ^ (hash >>> 16);
    }

    /** What a client's {@link AddressKey} is, as text: the same on every node. */
    static String clientText(String clientAddress) {
        Object key = AddressKey.of(clientAddress);
        return (key instanceof String ? "text " : "key ") + key;
    }

    /** The first 8 bytes of SHA-256 of {@code domain} and then {@code data}: a key that no client chooses. */
    static long hash(String domain, byte[] data) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(domain.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(sha.digest(data)).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "SharedBudgets[" + calls.where() + (calls.away() != null ? ", away" : "") + "]";
    }
}
