package com.playtcha.jakarta.internal.budget.cluster;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.VerifierStatus.LocalFault;
import com.playtcha.jakarta.internal.budget.LoginFailures;
import com.playtcha.jakarta.internal.ledger.jdbc.BudgetTable;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.BucketNotFoundException;
import io.github.bucket4j.distributed.proxy.ExecutionStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.DelayParameters;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * The failed logins every node of a cluster counts together, on the store of the shared client budgets:
 * Bucket4j in the JCache cache named after {@code playtcha.client-budget.cache} (with
 * {@code -login-failures} appended), or else in the ledger's PostgreSQL ({@code playtcha.ledger.datasource},
 * table {@code playtcha_login_failure}). What users see: docs/cluster.md and docs/login.md.
 *
 * <p>Each count is a Bucket4j bucket that a failure spends from and that "at its limit" has emptied: an
 * account's holds {@code account} failures and earns one back every {@code window / account} (so a burst
 * of {@code account} failures asks for a token, and an attacker who paces his guesses gets
 * {@code account} a window, one more than the local count's sliding window lets through); a client's the
 * same with {@code client}; the application's holds {@code applicationPerMinute + 1} and earns back
 * {@code applicationPerMinute} a minute, so it is empty while failures come faster than that. A failure
 * on an empty bucket spends nothing: the count stays at its limit, it does not grow a debt. A success
 * deletes the account's bucket. Account keys (already keyed hashes) and client keys are hashed again
 * into the store's 64-bit key, each in its own domain: no client chooses a row, and no count meets
 * another's.
 *
 * <p>The account's and the client's buckets are asked on every attempt, without Bucket4j's delaying
 * optimization, so that failures spread over the nodes add up exactly (delaying would let each node
 * spend its share before telling the others: an account's 3 would become 3 per node). A check reads
 * without creating: an account never counted costs one transaction and leaves no row. The application's
 * bucket, one hot key for every node, is delayed: a node tells the cluster after a tenth of its failures
 * a minute, or {@link #APPLICATION_SYNC} after it last did, so the switch to "every attempt needs a
 * token" may come that much late on each node.
 *
 * <p>Each call that counts ({@link #admit}, {@link #admitted}, {@link #failed}, {@link #succeeded}) is one
 * task on this node's threads ({@code <verifier>-login-K}) that a login waits for at most half of
 * {@code playtcha.cluster.timeout}. The login page's {@link #needsToken}, asked on every view, is only
 * advice (the admission decides): it runs aside ({@link StoreCalls#check}, {@code <verifier>-login-check}),
 * and one not answered in time, or one too many at once, is answered from this node's own counts, the
 * node staying on the store (only the store's failure puts it on its own): a flood of page views can
 * neither delay an admission nor put the node on its own counts. Failures and successes are counted in {@code local} too, which
 * answers alone while the store is away ({@link StoreCalls}: {@code budgets_local}, one WARNING, one
 * INFO when a probe gets the store's answer again). Rows go once their bucket is full again and
 * {@link SharedBudgets#KEEP} more went by; nothing per key is kept in memory here.
 */
public final class SharedLoginFailures implements LoginFailures {

    /** The longest a node counts the application's failures from its copy before it tells the cluster. */
    static final Duration APPLICATION_SYNC = Duration.ofSeconds(1);

    private final LoginFailures local;
    private final ProxyManager<Long> store;
    private final StoreCalls calls;
    private final Runnable closed;
    private final BucketConfiguration accounts;
    private final BucketConfiguration clients;
    private final long applicationKey = SharedBudgets.hash("playtcha login application\n", new byte[0]);
    private final BucketConfiguration rate;
    private final BucketProxy application;

    private SharedLoginFailures(Limits limits, LoginFailures local, ProxyManager<Long> store, StoreCalls calls, Runnable closed) {
        this.local = local;
        this.store = store;
        this.calls = calls;
        this.closed = closed;
        accounts = count(limits.account(), limits.account(), limits.window());
        clients = count(limits.client(), limits.client(), limits.window());
        rate = count(limits.applicationPerMinute() + 1, limits.applicationPerMinute(), Duration.ofMinutes(1));
        application = store.builder().withOptimization(Optimizations.delaying(new DelayParameters(
                Math.max(1, limits.applicationPerMinute() / 10), APPLICATION_SYNC))).build(applicationKey, () -> rate);
        calls.cleanEveryMinute(store);
    }

    private static BucketConfiguration count(int capacity, int earned, Duration per) {
        return BucketConfiguration.builder().addLimit(limit -> limit.capacity(capacity).refillGreedy(earned, per)).build();
    }

    /**
     * Counts kept by {@code store}, whose calls run on the thread that makes them (each is bounded here, as
     * one task, Bucket4j's removal too).
     *
     * @param where    the store, for messages: {@code database java:comp/...}, {@code cache playtcha-budgets-login-failures}
     * @param messages what a failure of the store says, credentials masked
     * @param verifier the verifier's thread-name prefix
     * @param closed   what {@link #close} closes after the threads: what opening the store opened
     */
    public static SharedLoginFailures open(PlaytchaSettings settings, Limits limits, LoginFailures local,
            Function<ExecutionStrategy, ProxyManager<Long>> open, String where, Function<Throwable, String> messages, String verifier,
            Runnable closed) {
        StoreCalls calls = new StoreCalls(SharedLoginFailures.class, "Login failure counts", where, "this node counts alone until they "
                + "answer again, so an account or a client may fail up to its limit on each node before a token is asked",
                messages, verifier + "-login", settings.clusterTimeout());
        try {
            return new SharedLoginFailures(limits, local, open.apply(ExecutionStrategy.SAME_TREAD), calls, closed);
        } catch (RuntimeException | Error e) {
            calls.close(() -> {
            });
            throw e;
        }
    }

    /**
     * Counts in the table {@code playtcha_login_failure} of this database ({@link BudgetTable#LOGIN_FAILURES}),
     * created first when {@code playtcha.ledger.create-schema} allows.
     *
     * @param name what {@code db} is called in messages: the JNDI name
     */
    public static SharedLoginFailures onDatabase(PlaytchaSettings settings, Limits limits, LoginFailures local, DataSource db, String name,
            String verifier) {
        return open(settings, limits, local, execution -> BudgetTable.LOGIN_FAILURES.open(db, name, settings.ledger().createSchema(),
                execution, ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(SharedBudgets.KEEP)),
                "database " + name, BudgetTable.messages(db), verifier, () -> {
                });
    }

    @Override
    public boolean needsToken(byte[] account, String clientAddress) {
        if (calls.away() != null) {
            probe();
            return local.needsToken(account, clientAddress);
        }
        return calls.check(() -> underAttack()
                || account != null && atLimit(accountKey(account), accounts)
                || clientAddress != null && atLimit(clientKey(clientAddress), clients), () -> local.needsToken(account, clientAddress));
    }

    /**
     * Takes one from the account's bucket, then from the client's (giving the account's back when the
     * client's is empty), each an atomic step of the store's, so that attempts on several nodes at once
     * never go on without a token past a limit. The application's rate is read as {@link #needsToken}
     * reads it. While the store is away, this node's own counts decide.
     */
    @Override
    public boolean admit(byte[] account, String clientAddress) {
        if (calls.away() != null) {
            probe();
            return local.admit(account, clientAddress);
        }
        return calls.call(() -> {
            if (underAttack()) {
                return false;
            }
            BucketProxy counted = account == null ? null : store.builder().build(accountKey(account), () -> accounts);
            if (counted != null && !counted.tryConsume(1)) {
                return false;
            }
            if (clientAddress != null && !store.builder().build(clientKey(clientAddress), () -> clients).tryConsume(1)) {
                if (counted != null) {
                    counted.addTokens(1);
                }
                return false;
            }
            return true;
        }, () -> local.admit(account, clientAddress), () -> false); // behind this node's own flood: a token, never a local pass
    }

    /**
     * The outcome of an attempt {@link #admit} let go on. While the store is away, the attempt was admitted
     * on this node's own counts, which hear its outcome as such ({@link LoginFailures#admitted}: a failure
     * counted once, a success's client count given back). While it answers, the store's account bucket is
     * deleted and the client's given back its one (success), or the application's spends one (failure), and
     * this node's own counts hear a plain failure or success, to decide with should the store go away. An
     * attempt whose store went away or came back between {@link #admit} and now may be counted once more, or
     * once less, on this node's own counts.
     */
    @Override
    public void admitted(byte[] account, String clientAddress, boolean accepted) {
        if (calls.away() != null) {
            local.admitted(account, clientAddress, accepted);
            probe();
            return;
        }
        if (accepted) {
            local.succeeded(account);
        } else {
            local.failed(account, clientAddress);
        }
        calls.call(() -> {
            if (!accepted) {
                applicationFailed();
                return null;
            }
            if (account != null) {
                store.removeProxy(accountKey(account));
            }
            if (clientAddress != null) {
                giveBack(clientKey(clientAddress));
            }
            return null;
        }, () -> null);
    }

    @Override
    public void failed(byte[] account, String clientAddress) {
        local.failed(account, clientAddress);
        if (calls.away() != null) {
            probe();
            return;
        }
        calls.call(() -> {
            applicationFailed();
            if (account != null) {
                store.builder().build(accountKey(account), () -> accounts).tryConsume(1);
            }
            if (clientAddress != null) {
                store.builder().build(clientKey(clientAddress), () -> clients).tryConsume(1);
            }
            return null;
        }, () -> null);
    }

    @Override
    public void succeeded(byte[] account) {
        local.succeeded(account);
        if (account == null) {
            return;
        }
        if (calls.away() != null) {
            probe();
            return;
        }
        calls.call(() -> {
            store.removeProxy(accountKey(account));
            return null;
        }, () -> null);
    }

    /**
     * Whether this key's bucket is empty, read without creating it: Bucket4j asks for the configuration
     * only to create a bucket the store does not have, and a count never started is not at its limit.
     */
    private boolean atLimit(long key, BucketConfiguration configuration) {
        try {
            return store.builder().build(key, (Supplier<BucketConfiguration>) () -> {
                throw new NothingCounted();
            }).getAvailableTokens() <= 0;
        } catch (NothingCounted none) {
            return false;
        }
    }

    /** Gives one back to this key's bucket, if the store still has it (a bucket gone is full again). */
    private void giveBack(long key) {
        try {
            store.builder().build(key, (Supplier<BucketConfiguration>) () -> {
                throw new NothingCounted();
            }).addTokens(1);
        } catch (NothingCounted none) {
            // nothing to give back
        }
    }

    /** Whether the application's failures a minute are above its limit: its bucket is empty. */
    private boolean underAttack() {
        return onApplication(BucketProxy::getAvailableTokens) <= 0;
    }

    /** One failure of the application's. */
    private void applicationFailed() {
        onApplication(bucket -> bucket.tryConsume(1));
    }

    /** {@code call} on the application's delayed proxy, or once more without the optimization when it {@link #raced}. */
    private <T> T onApplication(Function<BucketProxy, T> call) {
        try {
            return call.apply(application);
        } catch (RuntimeException e) {
            if (!raced(e)) {
                throw e;
            }
            return call.apply(applicationBucket());
        }
    }

    /**
     * Whether {@code e} is bucket4j#398's {@link BucketNotFoundException}, as the optimized proxy throws it
     * or wrapped in the {@code BatchFailedException} of the calls it batched together (three nodes' first
     * attempts at once: each node then fell to its own counts, and 9 guesses went on instead of 3).
     */
    private static boolean raced(RuntimeException e) {
        return e instanceof BucketNotFoundException || e.getCause() instanceof BucketNotFoundException;
    }

    /**
     * The application's bucket without the delaying optimization: Bucket4j 8.14's optimized proxies may
     * throw {@link BucketNotFoundException} when several of them meet a row that is not there yet (the
     * first failures of a node, a row purged meanwhile), although the proxy has a configuration to make it
     * with (bucket4j#398). That is no failure of the store: the one call goes without the optimization.
     */
    private BucketProxy applicationBucket() {
        return store.builder().build(applicationKey, () -> rate);
    }

    /** While away, at most once a second: a read of the application's row, a round trip whatever copy a proxy holds. */
    private void probe() {
        calls.probe(() -> store.getProxyConfiguration(applicationKey));
    }

    @Override
    public LocalFault away() {
        return calls.away();
    }

    @Override
    public void close() {
        calls.close(closed);
        local.close();
    }

    static long accountKey(byte[] account) {
        return SharedBudgets.hash("playtcha login account\n", account);
    }

    static long clientKey(String clientAddress) {
        return SharedBudgets.hash("playtcha login client\n", SharedBudgets.clientText(clientAddress).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "SharedLoginFailures[" + calls.where() + (calls.away() != null ? ", away" : "") + "]";
    }

    /** What the supplier of a read throws: the store has no bucket for the key. */
    private static final class NothingCounted extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NothingCounted() {
            super(null, null, false, false);
        }
    }

    /** What the module registers for the core: the budgets' store, the cache when one is named, else the ledger's database. */
    public static final class Opener implements LoginFailures.Provider {
        @Override
        public LoginFailures open(PlaytchaSettings settings, Limits limits, LoginFailures local, String threads) {
            String dataSource = settings.ledger().dataSource();
            if (settings.clientBudget().cache() != null) {
                return CacheBuckets.loginFailures(settings, limits, local, threads);
            }
            return dataSource == null ? local : onDatabase(settings, limits, local, BudgetTable.find(dataSource), dataSource, threads);
        }
    }
}
