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
import io.github.bucket4j.distributed.proxy.ExpiredEntriesCleaner;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.DelayParameters;
import io.github.bucket4j.distributed.proxy.optimization.Optimization;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
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
 * bucket refuses spends nothing there (Bucket4j takes a token only when there is one) and is
 * {@link ClientBudgets#refund given back} to this node's buckets: a refused verify spends nothing. The
 * /56 and /48 stay per node: Bucket4j spends from one bucket at a time, so all or nothing across three
 * shared buckets would take three round trips and give back what the first ones took (bucket4j#530).
 * The cluster's bucket is found by a hash of the client's key: no client chooses the row it spends from.
 *
 * <p>No round trip per verify: each client's proxy uses Bucket4j's delaying optimization, spending up to
 * {@link #unsynchronized} verifies from its last copy of the bucket before it tells the cluster (so a
 * client may overshoot by that much on each node), and at most {@link #SYNC_AFTER} after the last time it
 * did; a refusal read from that copy costs nothing. At most {@code playtcha.client-budget.addresses}
 * proxies are kept, the least recently used forgotten first (what it had not told is lost with it).
 *
 * <p>Bucket4j's calls run on this node's threads ({@code <verifier>-budget-K}), each bounded by half of
 * {@code playtcha.cluster.timeout}: a verify waits for its own call, and at most one other of the same
 * client's on this node, so never longer than the timeout. A call that fails or times out puts the node
 * on its own buckets (already spent): {@link #away} answers {@code budgets_local} and one WARNING says
 * so. Then, at most once every {@link #RETRY}, one verify's spend goes to the store in the background;
 * the first that gets an answer shares the budgets again, with one INFO line. Nothing is waited for then.
 */
public final class SharedBudgets implements Budgets {

    private static final System.Logger LOG = System.getLogger(SharedBudgets.class.getName());
    /**
     * The longest a proxy spends from its copy of the bucket before it tells the cluster: what a client
     * that keeps posting below {@link #unsynchronized} in this time costs, one round trip per period.
     * Longer lets no more through: the copy refills as the cluster's bucket does, and that one also loses
     * what other nodes spend, so it never holds more than the copy says; the overshoot stays bounded by
     * {@link #unsynchronized}, however old the copy.
     */
    static final Duration SYNC_AFTER = Duration.ofSeconds(30);
    /** How long a full bucket's row stays before it may be deleted. */
    static final Duration KEEP = Duration.ofMinutes(1);
    /** How often a node on its own buckets tries the store again. */
    static final Duration RETRY = Duration.ofSeconds(1);
    /** Threads for Bucket4j's calls: a probe's call waits on a second one. */
    private static final int THREADS = 4;
    /** Expired rows deleted at once, at most ten times a minute. */
    private static final int CLEAN_BATCH = 1_000;

    private final ClientBudgets local;
    private final ProxyManager<Long> store;
    private final String where;
    private final Function<Throwable, String> messages;
    private final ScheduledThreadPoolExecutor threads;
    private final Runnable closed;
    private final BucketConfiguration configuration;
    private final Optimization optimization;
    private final Map<Long, BucketProxy> proxies;
    private final AtomicReference<LocalFault> away = new AtomicReference<>();
    private final AtomicBoolean probing = new AtomicBoolean();
    private volatile long nextProbe;

    private SharedBudgets(PlaytchaSettings.ClientBudget settings, ClientBudgets local, ProxyManager<Long> store, String where,
            Function<Throwable, String> messages, ScheduledThreadPoolExecutor threads, Runnable closed) {
        this.local = local;
        this.closed = closed;
        this.store = store;
        this.where = where;
        this.messages = messages;
        this.threads = threads;
        configuration = BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(settings.burst()).refillGreedy(settings.perMinute(), Duration.ofMinutes(1))).build();
        optimization = Optimizations.delaying(new DelayParameters(unsynchronized(settings), SYNC_AFTER));
        int capacity = settings.addresses();
        proxies = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, BucketProxy> eldest) {
                return size() > capacity;
            }
        };
        if (store instanceof ExpiredEntriesCleaner rows) {
            threads.scheduleWithFixedDelay(() -> clean(rows), 1, 1, TimeUnit.MINUTES);
        }
    }

    /** Verifies a node may spend from its copy of a client's bucket before it tells the cluster: a tenth of the burst, at least one. */
    static long unsynchronized(PlaytchaSettings.ClientBudget settings) {
        return Math.max(1, settings.burst() / 10);
    }

    /**
     * Budgets kept by the store that {@code open} makes on the threads it is given.
     *
     * @param open     Bucket4j's proxies on the store, given where and how long their calls may run
     * @param where    the store, for messages: {@code database java:comp/...}, {@code cache playtcha-budgets}
     * @param messages what a failure of the store says, credentials masked
     * @param verifier the verifier's thread-name prefix
     * @param closed   what {@link #close} closes after the threads: what opening the store opened
     */
    public static SharedBudgets open(PlaytchaSettings settings, ClientBudgets local, Function<ExecutionStrategy, ProxyManager<Long>> open,
            String where, Function<Throwable, String> messages, String verifier, Runnable closed) {
        AtomicInteger count = new AtomicInteger();
        ScheduledThreadPoolExecutor threads = new ScheduledThreadPoolExecutor(THREADS, r -> {
            Thread t = new Thread(r, verifier + "-budget-" + count.incrementAndGet());
            t.setDaemon(true);
            t.setContextClassLoader(null); // a thread stuck in JDBC must not keep the web app's classes after a redeploy
            return t;
        });
        threads.setRemoveOnCancelPolicy(true);
        try {
            ProxyManager<Long> store = open.apply(ExecutionStrategy.backgroundTimeBounded(threads, settings.clusterTimeout().dividedBy(2)));
            return new SharedBudgets(settings.clientBudget(), local, store, where, messages, threads, closed);
        } catch (RuntimeException | Error e) {
            threads.shutdownNow();
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
        return open(settings, local, execution -> BudgetTable.open(db, name, settings.ledger().createSchema(), execution,
                ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(KEEP)), "database " + name, BudgetTable.messages(db), verifier, () -> {
                });
    }

    @Override
    public VerificationResult.Rejected spend(String clientAddress) {
        VerificationResult.Rejected refused = local.spend(clientAddress);
        if (refused != null) {
            return refused;
        }
        long key = keyOf(clientAddress);
        if (away.get() != null) {
            retry(key);
            return null;
        }
        try {
            ConsumptionProbe shared = proxy(key).tryConsumeAndReturnRemaining(1);
            if (shared.isConsumed()) {
                return null;
            }
            local.refund(clientAddress);
            return ClientBudgets.overBudget(Duration.ofNanos(Math.max(1, shared.getNanosToWaitForRefill())));
        } catch (RuntimeException e) {
            wentAway(e);
            return null;
        }
    }

    private BucketProxy proxy(long key) {
        synchronized (proxies) {
            return proxies.computeIfAbsent(key, k -> store.builder().withOptimization(optimization).build(k, () -> configuration));
        }
    }

    /**
     * While away: at most once every {@link #RETRY}, this verify's spend goes to the store in the
     * background, on a proxy without the delaying optimization, so that only the store's own answer
     * shares the budgets again (a client's proxy may answer from its copy without asking).
     */
    private void retry(long key) {
        if (System.nanoTime() - nextProbe < 0 || !probing.compareAndSet(false, true)) {
            return;
        }
        try {
            threads.execute(() -> {
                try {
                    store.builder().build(key, () -> configuration).tryConsume(1); // no copy to answer from: the store does
                    back();
                } catch (RuntimeException stillAway) {
                    // the next retry tells
                } finally {
                    nextProbe = System.nanoTime() + RETRY.toNanos();
                    probing.set(false);
                }
            });
        } catch (RejectedExecutionException closed) {
            probing.set(false);
        }
    }

    private void wentAway(RuntimeException e) {
        nextProbe = System.nanoTime() + RETRY.toNanos();
        String cause = messages.apply(e.getCause() != null ? e.getCause() : e);
        LocalFault fault = new LocalFault(LocalFault.BUDGETS_LOCAL, Instant.now(), "the client budgets in the " + where
                + " did not answer within half of playtcha.cluster.timeout (" + cause + "): this node spends from its own "
                + "until they answer again, so a client may get up to one budget per node meanwhile");
        if (away.compareAndSet(null, fault)) {
            LOG.log(Level.WARNING, "Client budgets are this node''s own until the cluster''s answer again [store={0}, cause={1}]",
                    where, cause);
        }
    }

    private void back() {
        if (away.getAndSet(null) != null) {
            LOG.log(Level.INFO, "Client budgets are shared again [store={0}]", where);
        }
    }

    @Override
    public LocalFault away() {
        return away.get();
    }

    /** Deletes rows whose buckets are full again (no one spent from them since): Bucket4j marks when. */
    private void clean(ExpiredEntriesCleaner rows) {
        try {
            for (int i = 0; i < 10 && away.get() == null && rows.removeExpired(CLEAN_BATCH) == CLEAN_BATCH; i++) {
                // more of them
            }
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "Expired client budgets not deleted [store={0}, cause={1}]", where, messages.apply(e));
        }
    }

    @Override
    public void close() {
        threads.shutdownNow();
        try {
            closed.run();
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "Client budgets'' store not closed [store={0}, cause={1}]", where, e);
        }
    }

    /**
     * The cluster's key of a client: the first 8 bytes of SHA-256 of its {@link AddressKey} (an address,
     * a /64, other text), the same on every node; no address is stored.
     */
    static long keyOf(String clientAddress) {
        Object key = AddressKey.of(clientAddress);
        String text = (key instanceof String ? "text " : "key ") + key;
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(("playtcha client budget\n" + text).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "SharedBudgets[" + where + (away.get() != null ? ", away" : "") + "]";
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
