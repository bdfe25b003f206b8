package com.playtcha.jakarta.internal.verifier;

import com.playtcha.jakarta.core.DecisionEvent;
import com.playtcha.jakarta.core.PlaytchaListener;
import com.playtcha.jakarta.core.Reconciliation;
import com.playtcha.jakarta.spi.store.LogThrottle;
import com.playtcha.jakarta.spi.store.VerifierClock;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The listeners of one verifier: those {@link ServiceLoader} finds when it is created, and those
 * added in code. A listener that throws (anything but a {@link VirtualMachineError}) is logged and
 * skipped; it never reaches the caller. A failure on a decision is logged at most once every
 * {@value #NOTE_SECONDS} s (docs/logging.md says why). On a reconciliation the listeners that threw
 * are returned to the ledger, which hands it again to those alone.
 */
final class Listeners {

    private static final System.Logger LOG = System.getLogger(Listeners.class.getName());

    static final long NOTE_SECONDS = 60;

    private final List<PlaytchaListener> all = new CopyOnWriteArrayList<>();
    private final LogThrottle failures = new LogThrottle(NOTE_SECONDS, TimeUnit.SECONDS);
    private final VerifierClock clock;

    /** @param clock the verifier's: the log's period */
    Listeners(VerifierClock clock) {
        this.clock = clock;
    }

    /** With the listeners named in {@code META-INF/services} of this class loader (and its parents). */
    static Listeners load(ClassLoader loader, VerifierClock clock) {
        Listeners listeners = new Listeners(clock);
        try {
            for (PlaytchaListener listener : ServiceLoader.load(PlaytchaListener.class, loader)) {
                listeners.add(listener);
            }
        } catch (ServiceConfigurationError e) {
            throw new IllegalStateException("A PlaytchaListener named in META-INF/services/"
                    + PlaytchaListener.class.getName() + " could not be loaded: " + e.getMessage(), e);
        }
        return listeners;
    }

    void add(PlaytchaListener listener) {
        all.add(Objects.requireNonNull(listener, "listener"));
    }

    boolean remove(PlaytchaListener listener) {
        return all.remove(listener);
    }

    boolean isEmpty() {
        return all.isEmpty();
    }

    void decided(DecisionEvent event) {
        for (PlaytchaListener listener : all) {
            try {
                listener.decided(event);
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable e) { // an Error from application code (a LinkageError after redeploy) too
                failed(listener, e);
            }
        }
    }

    private void failed(PlaytchaListener listener, Throwable e) {
        long since = failures.count(clock.nanoTime());
        if (since > 0) {
            LOG.log(Level.WARNING, "PlaytchaListener " + listener.getClass().getName() + " failed on a decision "
                    + "[suppressed=" + (since - 1) + "]", e);
        } else if (LOG.isLoggable(Level.DEBUG)) {
            LOG.log(Level.DEBUG, "PlaytchaListener " + listener.getClass().getName() + " failed on a decision: " + e);
        }
    }

    /**
     * Hands a reconciliation to each listener of {@code owing} still registered, or to every
     * listener when {@code owing} is {@code null} (its first delivery), and returns those that threw
     * on it, for the ledger ({@link com.playtcha.jakarta.internal.ledger.FailOpenLedger.Host#deliver}) to hand it
     * again to those alone. Each failure is logged at WARNING with its stack trace.
     */
    List<PlaytchaListener> reconciled(Reconciliation reconciliation, List<PlaytchaListener> owing) {
        List<PlaytchaListener> failed = new ArrayList<>(0);
        for (PlaytchaListener listener : all) {
            if (owing != null && owing.stream().noneMatch(o -> o == listener)) { // by identity, as the ledger keeps them
                continue;
            }
            try {
                listener.reconciled(reconciliation);
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable e) {
                failed.add(listener);
                LOG.log(Level.WARNING, "PlaytchaListener " + listener.getClass().getName()
                        + " failed on a reconciliation [id=" + reconciliation.entry().id() + "]", e);
            }
        }
        return failed;
    }
}
