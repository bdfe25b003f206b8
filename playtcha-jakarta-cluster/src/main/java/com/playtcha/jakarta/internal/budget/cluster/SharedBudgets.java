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
import io.github.bucket4j.distributed.proxy.optimization.DelayParameters;
import io.github.bucket4j.distributed.proxy.optimization.Optimization;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
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
 * on its own buckets (already spent), said so as {@link StoreCalls} says; then one verify's spend a
 * second goes to the store in the background, and the first that gets an answer shares the budgets again.
 */
public final class SharedBudgets implements Budgets {

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

    private final ClientBudgets local;
    private final ProxyManager<Long> store;
    private final StoreCalls calls;
    private final Runnable closed;
    private final BucketConfiguration configuration;
    private final Optimization optimization;
    private final Map<Long, BucketProxy> proxies;

    private SharedBudgets(PlaytchaSettings.ClientBudget settings, ClientBudgets local, ProxyManager<Long> store, StoreCalls calls,
            Runnable closed) {
        this.local = local;
        this.closed = closed;
        this.store = store;
        this.calls = calls;
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
        calls.cleanEveryMinute(store);
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
        StoreCalls calls = new StoreCalls(SharedBudgets.class, "Client budgets", where, "this node spends from its own until they answer again, so a client "
                + "may get up to one budget per node meanwhile", messages, verifier + "-budget", settings.clusterTimeout());
        try {
            ProxyManager<Long> store = open.apply(ExecutionStrategy.backgroundTimeBounded(calls.threads(), calls.bound()));
            return new SharedBudgets(settings.clientBudget(), local, store, calls, closed);
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
        long key = keyOf(clientAddress);
        if (calls.away() != null) {
            // no copy to answer from: only the store's own answer shares the budgets again
            calls.probe(() -> store.builder().build(key, () -> configuration).tryConsume(1));
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
            calls.lost(e);
            return null;
        }
    }

    private BucketProxy proxy(long key) {
        synchronized (proxies) {
            return proxies.computeIfAbsent(key, k -> store.builder().withOptimization(optimization).build(k, () -> configuration));
        }
    }

    @Override
    public LocalFault away() {
        return calls.away();
    }

    @Override
    public void close() {
        calls.close(closed);
    }

    /**
     * The cluster's key of a client: the first 8 bytes of SHA-256 of its {@link AddressKey} (an address,
     * a /64, other text), the same on every node; no address is stored.
     */
    static long keyOf(String clientAddress) {
        return hash("playtcha client budget\n", clientText(clientAddress).getBytes(StandardCharsets.UTF_8));
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
