package com.playtcha.jakarta.cluster.counts;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.VerifierStatus.LocalFault;
import com.playtcha.jakarta.spi.store.AddressKey;
import com.playtcha.jakarta.spi.store.LoginFailures;
import com.playtcha.jakarta.spi.store.VerifierClock;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.proxy.BucketNotFoundException;
import io.github.bucket4j.distributed.proxy.ExecutionStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.DelayParameters;
import io.github.bucket4j.distributed.proxy.optimization.NopeOptimizationListener;
import io.github.bucket4j.distributed.proxy.optimization.delay.DelayOptimization;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The failed logins every node of a cluster counts together, on the store of the shared client budgets,
 * which a backend opens them on: the JCache cache named after {@code playtcha.client-budget.cache} (with
 * {@code -login-failures} appended; {@code jcache}), Redis (its module), or the ledger's PostgreSQL
 * ({@code playtcha.ledger.datasource}, tables {@code playtcha_login_count} and {@code playtcha_login_failure};
 * {@code jdbc}).
 *
 * <p>{@link #admit} raises the account's and the client's levels ({@link Levels}) in one call to the
 * store, all or none; a success gives back what its admission raised, never clearing a count. A call
 * not answered within half of {@code playtcha.cluster.timeout} asks for a token
 * ({@link StoreCalls#counted}); only a store that is down puts the node on its own counts.
 * {@link #needsToken} is advice and runs aside ({@link StoreCalls#check}). {@link #within} gives the counts of one of
 * several applications on the same store (a Keycloak realm): the same calls and threads, every key hashed with the
 * scope. Users: docs/cluster.md and docs/login.md; why: design/cluster.md.
 */
public final class SharedLoginFailures implements LoginFailures {

    /** The longest a node counts the application's failures from its copy before it tells the cluster. */
    static final Duration APPLICATION_SYNC = Duration.ofSeconds(1);

    private final Limits limits;
    private final double windowMillis;
    private final LoginFailures local;
    private final ProxyManager<Long> store;
    private final Levels levels;
    private final StoreCalls calls;
    private final VerifierClock clock;
    private final Runnable closed;
    /** What every key of these counts is hashed with: empty for the counts {@link #open} made, else the {@link #within}'s. */
    private final String scope;
    private final long applicationKey;
    private final BucketConfiguration rate;
    private final BucketProxy application;

    private SharedLoginFailures(Limits limits, LoginFailures local, ProxyManager<Long> store, Levels levels, StoreCalls calls,
            VerifierClock clock, Runnable closed) {
        this(limits, local, store, levels, calls, clock, closed, "");
        calls.cleanEveryMinute(store);
        calls.cleanEveryMinute(batch -> levels.clean(clock.millis(), batch));
        calls.threads().scheduleWithFixedDelay(() -> {
            try {
                levels.flush(clock.millis());
            } catch (RuntimeException lost) {
                // what waited to be given back stays counted until it drains: it only asks for a token
            }
        }, 1, 1, TimeUnit.SECONDS);
    }

    private SharedLoginFailures(Limits limits, LoginFailures local, ProxyManager<Long> store, Levels levels, StoreCalls calls,
            VerifierClock clock, Runnable closed, String scope) {
        this.scope = scope;
        this.applicationKey = SharedBudgets.hash(domain("playtcha login application\n", scope), new byte[0]);
        this.limits = limits;
        this.windowMillis = Math.max(1, limits.window().toMillis());
        this.local = local;
        this.store = store;
        this.levels = levels;
        this.calls = calls;
        this.clock = clock;
        this.closed = closed;
        rate = BucketConfiguration.builder().addLimit(limit -> limit.capacity(limits.applicationPerMinute() + 1)
                .refillGreedy(limits.applicationPerMinute(), Duration.ofMinutes(1))).build();
        DelayParameters delay = new DelayParameters(Math.max(1, limits.applicationPerMinute() / 10), APPLICATION_SYNC);
        application = store.builder()
                .withOptimization(new DelayOptimization(delay, NopeOptimizationListener.INSTANCE, StoreCalls.meter(clock)))
                .build(applicationKey, () -> rate);
    }

    /**
     * Counts kept by {@code store} (the application's rate) and {@code levels} (accounts and clients),
     * whose calls run on the thread that makes them (each is bounded here, as one task).
     *
     * @param clock    the verifier's: the counts' time (their levels', Bucket4j's client clock), when to try the store again
     * @param open     Bucket4j's proxies on the store, given how their calls run and the clock they read ({@link StoreCalls#meter})
     * @param store    where the store is, how its failures read, and what {@link #close} closes after the threads
     * @param verifier the verifier's thread-name prefix
     */
    public static SharedLoginFailures open(PlaytchaSettings settings, Limits limits, LoginFailures local, VerifierClock clock,
            BiFunction<ExecutionStrategy, TimeMeter, ProxyManager<Long>> open, Levels levels, StoreHandle store, String verifier) {
        StoreCalls calls = new StoreCalls(SharedLoginFailures.class, "Login failure counts", "this node counts alone until they "
                + "answer again, so an account or a client may fail up to its limit on each node before a token is asked",
                store, verifier + "-login", settings.clusterTimeout(), clock);
        try {
            SharedLoginFailures counts = new SharedLoginFailures(limits, local, open.apply(ExecutionStrategy.SAME_TREAD,
                    StoreCalls.meter(clock)), levels, calls, clock, store.closed());
            calls.warm(counts::warmCall, StartWindow.of(store.where(), settings.clusterStartTimeout()));
            return counts;
        } catch (RuntimeException | Error e) {
            calls.close(() -> {
            });
            throw e;
        }
    }

    /** The keys of an attempt, each with what drains a millisecond (its limit a window). */
    private record Keys(long[] keys, double[] perMilli) {
    }

    private Keys keys(byte[] account, String clientAddress) {
        List<AddressKey.Share> shares = clientAddress == null ? List.of() : AddressKey.shares(clientAddress);
        int n = (account == null ? 0 : 1) + shares.size();
        long[] keys = new long[n];
        double[] caps = new double[n];
        int i = 0;
        if (account != null) {
            keys[i] = accountKey(scope, account);
            caps[i++] = limits.account();
        }
        for (AddressKey.Share share : shares) {
            keys[i] = clientKey(scope, share);
            caps[i++] = (double) limits.client() * share.times();
        }
        double[] perMilli = new double[n];
        for (int k = 0; k < n; k++) {
            perMilli[k] = caps[k] / windowMillis;
        }
        return new Keys(keys, perMilli);
    }

    @Override
    public boolean needsToken(byte[] account, String clientAddress) {
        if (calls.away() != null) {
            probe();
            return local.needsToken(account, clientAddress);
        }
        if (calls.slow()) {
            return true; // admissions ask for a token now: the page shows the widget
        }
        return calls.check(() -> underAttack() || atLimit(keys(account, clientAddress)), () -> local.needsToken(account, clientAddress));
    }

    /**
     * Raises the account's and the client's levels in one call, all or none of them ({@link Levels#admit}):
     * each key's step is atomic in the store, so attempts on several nodes at
     * once never go on without a token past a limit. The application's rate is read as {@link #needsToken}
     * reads it. No answer in time: a token. While the store is down, this node's own counts decide.
     */
    @Override
    public boolean admit(byte[] account, String clientAddress) {
        if (calls.away() != null) {
            probe();
            return local.admit(account, clientAddress);
        }
        return calls.counted(() -> {
            if (underAttack()) {
                return false;
            }
            Keys keys = keys(account, clientAddress);
            if (keys.keys().length == 0) {
                return true;
            }
            return levels.admit(keys.keys(), keys.perMilli(), windowMillis, clock.millis());
        }, () -> local.admit(account, clientAddress), () -> false);
    }

    /**
     * The outcome of an attempt {@link #admit} let go on. While the store is down, the attempt was admitted
     * on this node's own counts, which hear its outcome as such. While it answers, a success gives back
     * what the admission raised, and a failure counts the application's (and is counted in this node's own
     * counts too, to decide with should the store go down). An attempt whose store went down or came back
     * between {@link #admit} and now may be counted once more, or once less, on this node's own counts.
     */
    @Override
    public void admitted(byte[] account, String clientAddress, boolean accepted) {
        if (calls.away() != null) {
            local.admitted(account, clientAddress, accepted);
            probe();
            return;
        }
        if (!accepted) {
            local.failed(account, clientAddress);
        }
        calls.counted(() -> {
            if (!accepted) {
                applicationFailed();
                return null;
            }
            Keys keys = keys(account, clientAddress);
            if (keys.keys().length > 0) {
                levels.giveBack(keys.keys(), clock.millis());
            }
            return null;
        }, () -> null, () -> null);
    }

    @Override
    public void failed(byte[] account, String clientAddress) {
        local.failed(account, clientAddress);
        if (calls.away() != null) {
            probe();
            return;
        }
        calls.counted(() -> {
            applicationFailed();
            Keys keys = keys(account, clientAddress);
            if (keys.keys().length > 0) {
                levels.add(keys.keys(), keys.perMilli(), clock.millis());
            }
            return null;
        }, () -> null, () -> null);
    }

    /**
     * What a node's start waits for ({@link StoreCalls#warm}): a page check's calls, the application's
     * rate and a level's read, so the first login's calls find a connection and their statements known.
     */
    private Object warmCall() {
        levels.read(new long[] {applicationKey}, clock.millis());
        return underAttack();
    }

    /** Whether one more failure would lift any of these keys above its limit. */
    private boolean atLimit(Keys keys) {
        if (keys.keys().length == 0) {
            return false;
        }
        double[] now = levels.read(keys.keys(), clock.millis());
        for (int i = 0; i < now.length; i++) {
            if (!Levels.room(now[i], keys.perMilli()[i], windowMillis)) {
                return true;
            }
        }
        return false;
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
            return call.apply(store.builder().build(applicationKey, () -> rate));
        }
    }

    /**
     * Whether {@code e} is bucket4j#398's {@link BucketNotFoundException}, as the optimized proxy throws it
     * or wrapped in the {@code BatchFailedException} of the calls it batched together (Bucket4j 8.14's
     * optimized proxies may throw it when several meet a row that is not there yet, although the proxy has
     * a configuration to make it with). That is no failure of the store: the one call goes without the
     * optimization.
     */
    private static boolean raced(RuntimeException e) {
        return e instanceof BucketNotFoundException || e.getCause() instanceof BucketNotFoundException;
    }

    /** While away, at most once a second: a read of the application's row, a round trip whatever copy a proxy holds. */
    private void probe() {
        calls.probe(() -> store.getProxyConfiguration(applicationKey));
    }

    /**
     * The store answers again (its backend made its connection again): while away, the probe runs now, on this
     * node's threads, so the next login is judged on the shared counts, not on this node's own; never waits.
     */
    public void answersAgain() {
        calls.answersAgain(() -> store.getProxyConfiguration(applicationKey));
    }

    @Override
    public LocalFault away() {
        return calls.away();
    }

    /**
     * The counts of {@code scope} on this store: its calls, threads and levels, each key (account, client, the
     * application's rate) hashed with the scope, so no two scopes, nor these counts, share one; this node's own
     * counts of the scope ({@code local.within(scope)}) while the store is away. Its {@link #close} closes those
     * alone; these counts' close stops the store under every scope. Scopes do not nest.
     */
    @Override
    public LoginFailures within(String scope) {
        if (!this.scope.isEmpty()) {
            throw new UnsupportedOperationException("the counts of a scope have no scopes of their own");
        }
        if (scope == null || scope.isEmpty()) {
            throw new IllegalArgumentException("a scope is named");
        }
        return new SharedLoginFailures(limits, local.within(scope), store, levels, calls, clock, closed, scope);
    }

    @Override
    public void close() {
        if (scope.isEmpty()) {
            calls.close(closed);
        }
        local.close();
    }

    /** {@code kind}, then the scope's length and text (nothing for none: the keys of the counts {@link #open} made). */
    private static String domain(String kind, String scope) {
        return scope.isEmpty() ? kind : kind + "scope " + scope.length() + " " + scope + "\n";
    }

    static long accountKey(String scope, byte[] account) {
        return SharedBudgets.hash(domain("playtcha login account\n", scope), account);
    }

    static long clientKey(String scope, AddressKey.Share share) {
        return SharedBudgets.hash(domain("playtcha login client\n", scope), share.text().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "SharedLoginFailures[" + calls.where() + (scope.isEmpty() ? "" : ", a scope")
                + (calls.away() != null ? ", away" : calls.slow() ? ", slow" : "") + "]";
    }
}
