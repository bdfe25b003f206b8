package com.playtcha.jakarta.internal.budget.cluster;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.core.VerifierStatus.LocalFault;
import com.playtcha.jakarta.internal.budget.AddressKey;
import com.playtcha.jakarta.internal.budget.Budgets;
import com.playtcha.jakarta.internal.budget.ClientBudgets;
import com.playtcha.jakarta.internal.ledger.jdbc.BudgetTable;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ExecutionStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.Optimization;
import io.github.bucket4j.distributed.proxy.optimization.manual.ManuallySyncingOptimization;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;

/**
 * The client budgets every node of a cluster shares, kept by Bucket4j in a JCache cache
 * ({@code playtcha.client-budget.cache}) or else in the ledger's PostgreSQL
 * ({@code playtcha.ledger.datasource}, table {@code playtcha_client_budget}). What users see:
 * docs/outages-and-ledger.md, "One client cannot spend everyone's quota".
 *
 * <p>A verify spends first from this node's own buckets ({@link ClientBudgets}: the address or IPv6
 * /64, and an IPv6 client's /56 and /48, all or nothing), then from the cluster's bucket of its address
 * or /64. What this node's buckets refuse, this node alone has seen spent past the budget, so the
 * cluster's would refuse it too: it is refused without asking, and spends nothing. What the cluster's
 * bucket refuses spends nothing there and is {@link ClientBudgets#refund given back} to this node's
 * buckets: a refused verify spends nothing. The /56 and /48 stay per node: Bucket4j spends from one
 * bucket at a time, so all or nothing across three shared buckets would take three round trips and give
 * back what the first ones took (bucket4j#530). The cluster's bucket is found by a hash of the client's
 * key: no client chooses the row it spends from.
 *
 * <p><b>No verify waits for the store on the happy path.</b> A node lets up to {@link #unsynchronized}
 * (a tenth of the burst) of a client's verifies through before it tells the cluster about them, and
 * answers from its copy of the client's bucket in between (Bucket4j's manually syncing optimization):
 * so a client may overshoot by that much on each node. Bucket4j's delaying optimization, which this
 * replaces, tells the cluster on the verify's own thread, and that verify waits; here the telling goes
 * to a thread of its own ({@code <verifier>-budget-tell}) as soon as that many went through, and brings
 * back a fresh copy. Only the client's next verify can wait, and only while that telling is still
 * under way (a client posting faster than the store answers). A client this node has not told about
 * yet has no copy: its verifies are answered by this node's own buckets, which hold the same budget,
 * until its first telling. Nothing is told on a clock: an old copy lets no more through (it refills as
 * the cluster's bucket does, and that one also loses what other nodes spend, so it never holds more
 * than the copy says), and what a node let through untold stays below {@link #unsynchronized} however
 * long it waits. So a client that posts fewer than that many times on a node (a signup, a contact form,
 * a login) costs the store nothing, and one that keeps posting a transaction per {@link #unsynchronized}
 * of its verifies, off the request's path. At most {@code playtcha.client-budget.addresses} clients are
 * kept, the least recently used forgotten first (what it had not told is lost with it).
 *
 * <p>Bucket4j's calls run on this node's threads ({@code <verifier>-budget-K}), each bounded by half of
 * {@code playtcha.cluster.timeout} ({@link StoreCalls#execution}): a verify waits for its own call, and at
 * most one other of the same client's on this node, so never longer than the timeout. A call that fails
 * or runs too long puts the node on its own buckets (already spent), said so as {@link StoreCalls} says;
 * then one verify's spend a second goes to the store in the background, and the first that gets an
 * answer shares the budgets again. A call that only waited in line behind this node's own calls (a flood
 * of clients) is its verify's alone: the node stays on the store, and that verify, which would spend past
 * what the cluster was told, is refused for {@link #BACKLOGGED} ({@code client_rate_limited}).
 */
public final class SharedBudgets implements Budgets {

    /** How long a full bucket's row stays before it may be deleted. */
    static final Duration KEEP = Duration.ofMinutes(1);
    /** The {@code Retry-After} of a verify refused because its telling waited in line past the bound. */
    static final Duration BACKLOGGED = Duration.ofSeconds(1);
    /** Tellings waiting for the telling thread at most; a client whose telling finds no room is told at a later verify. */
    static final int TELLS_WAITING = 256;

    private final ClientBudgets local;
    private final ProxyManager<Long> store;
    private final StoreCalls calls;
    private final Runnable closed;
    private final BucketConfiguration configuration;
    private final Optimization optimization = new ManuallySyncingOptimization();
    private final long unsynchronized;
    private final ThreadPoolExecutor tells;
    private final Map<String, Client> clients;

    private SharedBudgets(PlaytchaSettings.ClientBudget settings, ClientBudgets local, ProxyManager<Long> store, StoreCalls calls,
            Runnable closed, String verifier) {
        this.local = local;
        this.closed = closed;
        this.store = store;
        this.calls = calls;
        configuration = BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(settings.burst()).refillGreedy(settings.perMinute(), Duration.ofMinutes(1))).build();
        unsynchronized = unsynchronized(settings);
        tells = new ThreadPoolExecutor(0, 1, 1, TimeUnit.MINUTES, new ArrayBlockingQueue<>(TELLS_WAITING), r -> {
            Thread t = new Thread(r, verifier + "-budget-tell");
            t.setDaemon(true);
            t.setContextClassLoader(null);
            return t;
        });
        int capacity = settings.addresses();
        clients = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Client> eldest) {
                return size() > capacity;
            }
        };
        calls.cleanEveryMinute(store);
    }

    /** Verifies a node may let through before it tells the cluster: a tenth of the burst, at least one. */
    static long unsynchronized(PlaytchaSettings.ClientBudget settings) {
        return Math.max(1, settings.burst() / 10);
    }

    /**
     * Budgets kept by the store that {@code open} makes on the threads it is given.
     *
     * @param open     Bucket4j's proxies on the store, given how their calls run ({@link StoreCalls#execution})
     * @param where    the store, for messages: {@code database java:comp/...}, {@code cache playtcha-budgets}
     * @param messages what a failure of the store says, credentials masked
     * @param verifier the verifier's thread-name prefix
     * @param closed   what {@link #close} closes after the threads: what opening the store opened
     */
    public static SharedBudgets open(PlaytchaSettings settings, ClientBudgets local, Function<ExecutionStrategy, ProxyManager<Long>> open,
            String where, Function<Throwable, String> messages, String verifier, Runnable closed) {
        StoreCalls calls = new StoreCalls(SharedBudgets.class, "Client budgets", where, "this node spends from its own until they answer again, so a client "
                + "may get up to one budget per node meanwhile", messages, verifier + "-budget", settings.clusterTimeout());
        try {
            ProxyManager<Long> store = open.apply(calls.execution());
            return new SharedBudgets(settings.clientBudget(), local, store, calls, closed, verifier);
        } catch (RuntimeException | Error e) {
            calls.close(() -> {
            });
            throw e;
        }
    }

    /**
     * Budgets in the table {@code playtcha_client_budget} of this database ({@link BudgetTable}), created
     * first when {@code playtcha.ledger.create-schema} allows; rows go once their bucket is full again
     * and {@link #KEEP} more went by.
     *
     * @param name what {@code db} is called in messages: the JNDI name
     */
    public static SharedBudgets onDatabase(PlaytchaSettings settings, ClientBudgets local, DataSource db, String name, String verifier) {
        return open(settings, local, execution -> BudgetTable.CLIENT_BUDGETS.open(db, name, settings.ledger().createSchema(), execution,
                ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(KEEP)), "database " + name, BudgetTable.messages(db), verifier, () -> {
                });
    }

    @Override
    public VerificationResult.Rejected spend(String clientAddress) {
        VerificationResult.Rejected refused = local.spend(clientAddress);
        if (refused != null) {
            return refused;
        }
        String text = clientText(clientAddress);
        if (calls.away() != null) {
            // no copy to answer from: only the store's own answer shares the budgets again
            long key = keyOf(text);
            calls.probe(() -> store.builder().build(key, () -> configuration).tryConsume(1));
            return null;
        }
        Client client;
        synchronized (clients) {
            client = clients.computeIfAbsent(text, Client::new);
        }
        try {
            Duration wait = client.spend();
            if (wait == null) {
                return null;
            }
            local.refund(clientAddress);
            return ClientBudgets.overBudget(wait);
        } catch (StoreCalls.Backlogged e) {
            local.refund(clientAddress);
            return ClientBudgets.overBudget(BACKLOGGED);
        } catch (StoreCalls.NoAnswer e) {
            return null; // the node is on its own buckets now, already spent
        } catch (RuntimeException e) {
            calls.lost(e);
            return null;
        }
    }

    /**
     * One client as this node knows it: its proxy on the store (made at its first telling), and what this
     * node let through that the cluster has not been told about. Its verifies are let through while fewer
     * than {@link #unsynchronized} of them are untold, counting those of a telling under way; one telling
     * at a time ({@link #telling}).
     */
    private final class Client {
        private final long key;
        /** Held by the telling under way: a verify that must wait for one waits for it, then tells if still needed. */
        private final ReentrantLock telling = new ReentrantLock();
        /** Guarded by this: the proxy, once a telling brought its copy of the bucket; {@code null} before. */
        private BucketProxy copy;
        /** Guarded by this: verifies let through since the last telling began. */
        private long pending;
        /** Guarded by this: verifies let through that the telling under way tells. */
        private long inFlight;
        /** Guarded by this: of {@link #pending}, those let through before the copy came, which the proxy has not counted. */
        private long uncounted;
        /** Guarded by this: whether a telling waits for the telling thread or is under way there. */
        private boolean queued;

        Client(String text) {
            key = keyOf(text);
        }

        /** Spends one verify: {@code null} when it goes on, else how long until it may try again. */
        Duration spend() {
            for (int tries = 0; tries < 3; tries++) {
                boolean background;
                synchronized (this) {
                    if (pending + inFlight >= unsynchronized) {
                        background = false; // all this node may let through untold: tell first, below
                    } else {
                        if (copy != null) {
                            ConsumptionProbe probe = copy.tryConsumeAndReturnRemaining(1); // from the copy: no call
                            if (!probe.isConsumed()) {
                                return Duration.ofNanos(Math.max(1, probe.getNanosToWaitForRefill()));
                            }
                        } else {
                            uncounted++;
                        }
                        pending++;
                        background = !queued && pending + inFlight >= unsynchronized;
                        queued |= background;
                        if (!background) {
                            return null;
                        }
                    }
                }
                if (background) {
                    try {
                        tells.execute(this::tellInBackground);
                    } catch (RejectedExecutionException fullOrClosed) {
                        synchronized (this) {
                            queued = false; // a later verify tries again; at the allowance's end it waits
                        }
                    }
                    return null;
                }
                tell(true); // the verify waits for the telling
            }
            return BACKLOGGED; // told three times, and other verifies of the client spent it all again each time
        }

        private void tellInBackground() {
            try {
                if (telling.tryLock()) { // else a verify is telling
                    try {
                        synchronized (this) {
                            if (pending == 0) {
                                return; // a verify that could not wait told them already
                            }
                        }
                        tell();
                    } finally {
                        telling.unlock();
                    }
                }
            } catch (StoreCalls.Backlogged | StoreCalls.NoAnswer e) {
                // the line was full, or the node is on its own now: a later verify tells
            } catch (RuntimeException e) {
                calls.lost(e);
            } finally {
                synchronized (this) {
                    queued = false;
                }
            }
        }

        /** Waits for the telling under way, if any, then tells when the allowance is still spent. */
        private void tell(boolean needed) {
            telling.lock();
            try {
                synchronized (this) {
                    if (needed && pending + inFlight < unsynchronized) {
                        return;
                    }
                }
                tell();
            } finally {
                telling.unlock();
            }
        }

        /**
         * Tells the cluster what this node let through since the last telling, and brings back a copy of
         * the cluster's bucket; under {@link #telling}.
         */
        private void tell() {
            long spent;
            long told;
            boolean first;
            BucketProxy proxy;
            synchronized (this) {
                spent = pending;
                told = uncounted;
                inFlight += spent;
                pending = 0;
                uncounted = 0;
                first = copy == null;
                proxy = first ? store.builder().withOptimization(optimization).build(key, () -> configuration) : copy;
            }
            try {
                if (!first) {
                    proxy.getOptimizationController().syncImmediately(); // what the copy counted, and a fresh copy
                } else if (told > 0) {
                    proxy.consumeIgnoringRateLimits(told); // let through already: the cluster's bucket may go below zero
                } else {
                    proxy.getAvailableTokens(); // nothing to tell yet: the copy alone
                }
            } catch (RuntimeException e) {
                synchronized (this) { // not told: counted again, for the next telling
                    inFlight -= spent;
                    pending += spent;
                    if (first) {
                        uncounted += told;
                    } else if (spent > 0) {
                        copy.consumeIgnoringRateLimits(spent); // from the copy (no call): what the failed telling took from its count
                    }
                }
                throw e;
            }
            synchronized (this) {
                inFlight -= spent;
                if (first) {
                    copy = proxy;
                    if (uncounted > 0) {
                        copy.consumeIgnoringRateLimits(uncounted); // let through during the first telling: the copy counts them now
                        uncounted = 0;
                    }
                }
            }
        }
    }

    @Override
    public LocalFault away() {
        return calls.away();
    }

    @Override
    public void close() {
        tells.shutdownNow();
        calls.close(closed);
    }

    /**
     * The cluster's key of a client: the first 8 bytes of SHA-256 of its {@link #clientText} (an address,
     * a /64, other text), the same on every node; no address is stored.
     */
    static long keyOf(String clientText) {
        return hash("playtcha client budget\n", clientText.getBytes(StandardCharsets.UTF_8));
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

    /** What the module registers for the core's {@link Budgets#of}: the cache when one is named, else the ledger's database. */
    public static final class Opener implements Budgets.Provider {
        @Override
        public Budgets open(PlaytchaSettings settings, ClientBudgets local, String threads) {
            String dataSource = settings.ledger().dataSource();
            return settings.clientBudget().cache() != null ? CacheBuckets.open(settings, local, threads)
                    : onDatabase(settings, local, BudgetTable.find(dataSource), dataSource, threads);
        }
    }
}
