package com.playtcha.jakarta.cdi;

import com.playtcha.jakarta.config.ManagedExecutor;
import com.playtcha.jakarta.config.SettingsLoader;
import com.playtcha.jakarta.core.DecisionEvent;
import com.playtcha.jakarta.core.PlaytchaListener;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.Reconciliation;
import com.playtcha.jakarta.spi.VerifierFactory;
import com.playtcha.jakarta.spi.VerifierOffer;
import com.playtcha.jakarta.spi.store.LoginFailures;
import com.playtcha.jakarta.spi.store.Resources;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;

/**
 * Makes {@link PlaytchaVerifier} injectable in CDI applications, configured from MicroProfile
 * Config (or, without it, system properties and the environment):
 *
 * <pre>{@code
 * @Inject PlaytchaVerifier verifier;
 *
 * Verification v = verifier.verify(form.token(), request.getRemoteAddr(), request.getRequestURI());
 * if (!v.proceeds()) {
 *     throw new WebApplicationException(v.decision().status());
 * }
 * }</pre>
 *
 * <p>The verifier is application-scoped: one connection pool for the application, created on first
 * use and closed when the application stops. {@code @Inject PlaytchaSettings} gives the settings it
 * was built from. To use another verifier (a stub in tests, a decorated one), declare your own
 * {@code @Alternative @Priority(...)} bean of type {@code PlaytchaVerifier}; CDI then injects yours,
 * and this producer creates nothing.
 *
 * <p>What the verifier reports arrives as CDI events: a {@link DecisionEvent} for every request
 * decided, and a {@link Reconciliation} for every request that failed open, once its token was
 * re-verified (see {@link PlaytchaListener}; an observer: docs/outages-and-ledger.md, "Hearing the
 * outcomes"). In a web application the verifier is also offered to {@code PlaytchaFilter}
 * ({@link PlaytchaVerifier#APPLICATION_ATTRIBUTE}), so the filter and your code share the pool, with the
 * login counts held beside it ({@link #loginFailures()}).
 * Metrics where the OpenTelemetry API is present: docs/observability.md.
 */
@ApplicationScoped
public class PlaytchaVerifierProducer {

    /** Resolves whichever verifier bean wins (ours, or the application's alternative); lives as long as this bean. */
    @Inject
    Instance<PlaytchaVerifier> verifiers;

    @Inject
    Event<DecisionEvent> decisions;

    @Inject
    Event<Reconciliation> reconciliations;

    /** Looks up the {@code OpenTelemetry} bean by a class found at run time: this class must not name it. */
    @Inject
    Instance<Object> beans;

    private volatile PlaytchaSettings settings;
    /** What stops the produced verifier's metrics; {@code null} without the OpenTelemetry API. */
    private volatile Runnable metrics;
    /** The login counts held beside the verifier, once built ({@link #loginFailures()}); {@code null} before. */
    private LoginFailures loginFailures;
    private boolean countsBuilt;

    /** The settings from MicroProfile Config, read once; a missing secret fails here, naming the key. */
    @Produces
    public PlaytchaSettings settings() {
        PlaytchaSettings loaded = settings;
        if (loaded == null) {
            synchronized (this) {
                loaded = settings;
                if (loaded == null) {
                    loaded = SettingsLoader.forApplication(null).load(Map.of()); // the thread context class loader's
                    settings = loaded;
                }
            }
        }
        return loaded;
    }

    @Produces
    @ApplicationScoped
    public PlaytchaVerifier verifier() {
        PlaytchaSettings loaded = settings();
        PlaytchaVerifier verifier = VerifierFactory.verifier(loaded, ManagedExecutor.forLedger(loaded), List.of(events()),
                loginFailures(), Resources.NONE);
        if (loaded.metrics()) {
            metrics = VerifierFactory.metrics(verifier, this::openTelemetryBean);
        }
        return verifier;
    }

    /**
     * The login counts held beside the verifier, built from the same settings on first use and closed when
     * the application stops: what {@code @PlaytchaLogin} and the filters' login policies count on, also
     * beside an application's own verifier bean; under {@code always} they bound the logins that go on without a verdict.
     */
    @Produces
    @Dependent
    public synchronized LoginFailures loginFailures() {
        if (!countsBuilt) {
            loginFailures = VerifierFactory.loginFailures(settings(), Resources.NONE);
            countsBuilt = true;
        }
        return loginFailures;
    }

    @PreDestroy
    synchronized void closeLoginFailures() {
        if (loginFailures != null) {
            loginFailures.close();
        }
        loginFailures = null;
    }

    /**
     * Fires what the verifier reports as CDI events, synchronously: a decision on the request's
     * thread, a reconciliation on the ledger's (the runtime's managed scheduled executor where there
     * is one, see {@link ManagedExecutor}).
     */
    private PlaytchaListener events() {
        return new PlaytchaListener() {
            @Override
            public void decided(DecisionEvent event) {
                decisions.fire(event);
            }

            @Override
            public void reconciled(Reconciliation reconciliation) {
                reconciliations.fire(reconciliation);
            }
        };
    }

    /** The application's {@code io.opentelemetry.api.OpenTelemetry} bean, or {@code null} when there is none (or several). */
    private Object openTelemetryBean() {
        try {
            Class<?> type = Class.forName("io.opentelemetry.api.OpenTelemetry", false, PlaytchaVerifierProducer.class.getClassLoader());
            Instance<?> found = beans.select(type);
            return found.isResolvable() ? found.get() : null;
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    public void close(@Disposes PlaytchaVerifier verifier) {
        Runnable stop = metrics;
        metrics = null;
        try {
            if (stop != null) {
                stop.run();
            }
        } finally {
            verifier.close();
        }
    }

    /**
     * Offers the application's verifier (whichever bean CDI resolves, alternatives included) to
     * the filter. In a web application the payload of this event is the {@code ServletContext}.
     */
    void offerToFilter(@Observes @Initialized(ApplicationScoped.class) Object event) {
        ServletContextOffer.offer(event, new VerifierOffer(verifiers::get, this::loginFailures));
        PlaytchaSettings.Ledger ledger = ledger();
        if (ledger != null && ledger.durable() && ledger.dataSource() == null) {
            verifiers.get().toString(); // any call on the client proxy creates the application-scoped verifier
        }
    }

    /**
     * With {@code playtcha.ledger.datasource} set, builds the verifier once the application has
     * started ({@code Startup}, which CDI fires after {@code @Initialized(ApplicationScoped.class)}),
     * for the reason {@link #ledger} gives: not before, because Quarkus initializes the application
     * context while it records the application, before its datasources exist.
     */
    void started(@Observes Startup event) {
        PlaytchaSettings.Ledger ledger = ledger();
        if (ledger != null && ledger.durable() && ledger.dataSource() != null) {
            verifiers.get().toString();
        }
    }

    /**
     * The ledger's settings, or {@code null} when the settings are invalid (left to fail at first use,
     * as without a ledger). A durable ledger ({@code playtcha.ledger.directory} or
     * {@code playtcha.ledger.datasource}) makes the verifier be built at start rather than at first use:
     * it may hold requests that failed open before a restart, and they must be re-verified within their
     * tokens' 5 minutes even if no request comes.
     */
    private PlaytchaSettings.Ledger ledger() {
        try {
            return settings().ledger();
        } catch (RuntimeException invalid) {
            return null;
        }
    }
}
