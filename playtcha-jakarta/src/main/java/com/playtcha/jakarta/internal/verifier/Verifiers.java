package com.playtcha.jakarta.internal.verifier;

import com.playtcha.jakarta.core.PlaytchaListener;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.Reconciliation;
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.internal.budget.Stores;
import com.playtcha.jakarta.internal.http.HttpTransport;
import com.playtcha.jakarta.internal.ledger.FailOpenLedger;
import com.playtcha.jakarta.spi.store.Budgets;
import com.playtcha.jakarta.spi.store.LoginFailures;
import com.playtcha.jakarta.spi.store.Resources;
import com.playtcha.jakarta.spi.store.VerifierClock;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;

/**
 * Builds verifiers: what {@link PlaytchaVerifier#create} returns. Each owns an HTTP transport (its
 * pool, a timer thread {@code playtcha-verifier-N}, name-lookup threads {@code playtcha-verifier-N-dns-K}),
 * a circuit breaker (one that never opens when turned off), the per-client verify budgets unless turned
 * off (shared ones run threads {@code playtcha-verifier-N-budget-K}), and a fail-open ledger unless
 * turned off (threads {@code playtcha-verifier-N-ledger} and its workers; with the runtime's managed
 * scheduled executor, a periodic task there instead of the first).
 * The listeners are those {@code ServiceLoader} finds in the context class loader, plus the ones given.
 * Every part, the cluster module's stores included, reads one clock ({@link VerifierClock}).
 */
public final class Verifiers {

    private static final System.Logger LOG = System.getLogger(Verifiers.class.getName());
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private static final AtomicInteger COUNTS = new AtomicInteger();

    private Verifiers() {
    }

    /**
     * A verifier for these settings that reports to these listeners too, from the start.
     *
     * @param ledgerExecutor where the ledger's passes run (the runtime's managed scheduled
     *                       executor, never shut down here), or {@code null} for threads of its own
     * @param loginFailures  the login counts held beside it ({@link #loginFailures}), whose faults its
     *                       {@code status()} shows; {@code null} for none. Never closed by the verifier.
     * @param resources      the framework's names for the stores the settings name ({@link Resources#NONE}: none)
     */
    public static PlaytchaVerifier create(PlaytchaSettings settings, ScheduledExecutorService ledgerExecutor,
            List<PlaytchaListener> listeners, LoginFailures loginFailures, Resources resources) {
        return compose(settings, name -> HttpTransport.open(settings, SystemDefaultDnsResolver.INSTANCE, name, VerifierClock.SYSTEM),
                VerifierClock.SYSTEM, ledgerExecutor, listeners, loginFailures, resources);
    }

    /** {@code PlaytchaVerifier.create}'s: no login counts beside it, no resources but JNDI's and CDI's. */
    public static PlaytchaVerifier create(PlaytchaSettings settings, ScheduledExecutorService ledgerExecutor,
            List<PlaytchaListener> listeners) {
        return create(settings, ledgerExecutor, listeners, null, Resources.NONE);
    }

    /** The login counts of these settings ({@link Stores#loginFailures}) on the system clock, threads {@code playtcha-logins-N-...}. */
    public static LoginFailures loginFailures(PlaytchaSettings settings, Resources resources) {
        return Stores.loginFailures(settings, VerifierClock.SYSTEM, "playtcha-logins-" + COUNTS.incrementAndGet(), resources);
    }

    /**
     * The one way a verifier is put together; tests come here too, through their fixture builder,
     * with a slow name resolver or a fake clock.
     *
     * @param transports opens the transport, given its timer thread's name (tests open it on a slow name resolver)
     * @param clock the time of every part ({@link VerifierClock} says which read it)
     */
    static ComposedVerifier compose(PlaytchaSettings settings, Function<String, HttpTransport> transports, VerifierClock clock,
            ScheduledExecutorService ledgerExecutor, List<PlaytchaListener> extraListeners, LoginFailures loginFailures,
            Resources resources) {
        String name = "playtcha-verifier-" + INSTANCES.incrementAndGet();
        CircuitBreaker breaker = new CircuitBreaker(settings.breaker(), clock);
        // Everything that can fail before the first thread starts is done first: a failed
        // construction must not leave a thread pinning the web app's class loader.
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        Listeners listeners = Listeners.load(context != null ? context : Verifiers.class.getClassLoader(), clock);
        extraListeners.forEach(listeners::add);
        TokenReservations reservations = new TokenReservations(TokenReservations.TOMBSTONES, clock);
        HttpTransport transport = transports.apply(name); // its timer thread starts here
        Budgets budgets = null;
        ComposedVerifier verifier;
        try {
            budgets = Stores.budgets(settings, clock, name, resources); // a shared store's threads start here
            PlaytchaLink link = new PlaytchaLink(breaker, transport, clock);
            // Started last, its threads may post from then on: through the parts made above, never the verifier.
            FailOpenLedger ledger = settings.ledger().enabled() ? FailOpenLedger.open(settings, new LedgerHost(link, listeners,
                    reservations), clock, new FailOpenLedger.Passes(Duration.ofMillis(FailOpenLedger.TICK_MILLIS), name + "-ledger",
                    ledgerExecutor), resources) : null;
            verifier = new ComposedVerifier(settings, clock, link, budgets, loginFailures, reservations, listeners, ledger,
                    new BlockingWork(name, settings.maxConnections()));
        } catch (RuntimeException | Error e) {
            transport.close();
            if (budgets != null) {
                budgets.close();
            }
            throw e;
        }
        LOG.log(Level.DEBUG, "Playtcha verifier ready [{0}]", settings);
        return verifier;
    }

    /** What the ledger asks of the verifier's parts: the background post, the breaker's cool-down, the listeners, the tombstones. */
    private record LedgerHost(PlaytchaLink link, Listeners listeners, TokenReservations reservations) implements FailOpenLedger.Host {
        @Override public VerificationResult reverify(String token) { return link.background(token); }
        @Override public boolean holdingOff() { return link.breaker.coolingDown(); }
        @Override public List<PlaytchaListener> deliver(Reconciliation r, List<PlaytchaListener> o) { return listeners.reconciled(r, o); }
        @Override public void released(String token, Duration age) { reservations.holdEnded(token, age); }
    }
}
