package com.playtcha.jakarta.internal.verifier;

import com.playtcha.jakarta.core.DecisionEvent;
import com.playtcha.jakarta.core.PlaytchaListener;
import com.playtcha.jakarta.core.Reconciliation;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The listeners of one verifier: those {@link ServiceLoader} finds when it is created, and those
 * added in code. A listener that throws (anything but a {@link VirtualMachineError}) is logged and
 * skipped; it never reaches the caller.
 */
final class Listeners {

    private static final System.Logger LOG = System.getLogger(Listeners.class.getName());

    private final List<PlaytchaListener> all = new CopyOnWriteArrayList<>();

    /** With the listeners named in {@code META-INF/services} of this class loader (and its parents). */
    static Listeners load(ClassLoader loader) {
        Listeners listeners = new Listeners();
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
        all.add(java.util.Objects.requireNonNull(listener, "listener"));
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
                LOG.log(Level.WARNING, "PlaytchaListener " + listener.getClass().getName() + " failed on a decision", e);
            }
        }
    }

    /** Returns whether every listener took it without throwing. */
    boolean reconciled(Reconciliation reconciliation) {
        boolean delivered = true;
        for (PlaytchaListener listener : all) {
            try {
                listener.reconciled(reconciliation);
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable e) {
                delivered = false;
                LOG.log(Level.WARNING, "PlaytchaListener " + listener.getClass().getName()
                        + " failed on a reconciliation [id=" + reconciliation.entry().id() + "]", e);
            }
        }
        return delivered;
    }
}
