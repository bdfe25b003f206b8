package com.playtcha.jakarta.config;

import com.playtcha.jakarta.core.PlaytchaSettings;
import java.lang.System.Logger.Level;
import java.util.concurrent.ScheduledExecutorService;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * Finds the runtime's default managed scheduled executor ({@value #NAME}, see {@link
 * com.playtcha.jakarta.core.Setting#MANAGED_THREADS}) through JNDI, as the JDK's
 * {@link ScheduledExecutorService}, for the ledger. Call it on an application thread: {@code java:comp}
 * names resolve only there.
 */
public final class ManagedExecutor {

    /** The name Jakarta Concurrency gives the default managed scheduled executor. */
    public static final String NAME = "java:comp/DefaultManagedScheduledExecutorService";

    private static final System.Logger LOG = System.getLogger(ManagedExecutor.class.getName());

    private ManagedExecutor() {
    }

    /**
     * The runtime's managed scheduled executor for the ledger of a verifier with these settings, or
     * {@code null} (turned off, no ledger, none in the runtime). Never throws.
     */
    public static ScheduledExecutorService forLedger(PlaytchaSettings settings) {
        if (!settings.managedThreads() || !settings.ledger().enabled()) {
            return null;
        }
        Object found = lookUp();
        if (found instanceof ScheduledExecutorService executor) {
            LOG.log(Level.DEBUG, "Playtcha ledger runs on the runtime''s managed scheduled executor {0} [{1}]", NAME, executor);
            return executor;
        }
        return null;
    }

    private static Object lookUp() {
        try {
            InitialContext context = new InitialContext();
            try {
                return context.lookup(NAME);
            } finally {
                context.close();
            }
        } catch (NamingException | RuntimeException | LinkageError absent) { // whatever the runtime's naming throws
            LOG.log(Level.DEBUG, "Playtcha ledger runs on threads of its own: no {0} here ({1})", NAME, absent.toString());
            return null;
        }
    }
}
