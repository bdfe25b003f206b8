package com.playtcha.jakarta.config;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.playtcha.jakarta.core.PlaytchaSettings;
import java.util.Hashtable;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import javax.naming.Context;
import javax.naming.InitialContext;
import javax.naming.NameNotFoundException;
import javax.naming.NamingException;
import javax.naming.spi.InitialContextFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Finding the runtime's managed scheduled executor through JNDI, as a Jakarta EE server binds it.
 * The naming here is the JDK's own, with an initial context factory of the test's that binds one
 * name (as the server's does): {@code java.naming.factory.initial} is set for the test and cleared
 * after.
 */
class ManagedExecutorTest {

    private static final String SECRET = "sk_test_0123456789abcdef";

    /** What the test's naming binds at {@link ManagedExecutor#NAME}; {@code null}: nothing. */
    static volatile Object bound;
    static final AtomicInteger LOOKUPS = new AtomicInteger();

    /** The runtime's naming, as far as the lookup needs it. */
    public static final class Naming implements InitialContextFactory {
        @Override
        public Context getInitialContext(Hashtable<?, ?> environment) throws NamingException {
            return new InitialContext(true) {
                @Override
                public Object lookup(String name) throws NamingException {
                    LOOKUPS.incrementAndGet();
                    if (name.equals(ManagedExecutor.NAME) && bound != null) {
                        return bound;
                    }
                    throw new NameNotFoundException(name);
                }

                @Override
                public void close() {
                }
            };
        }
    }

    private final ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1);

    @BeforeEach
    void useTheTestsNaming() {
        System.setProperty(Context.INITIAL_CONTEXT_FACTORY, Naming.class.getName());
        bound = null;
        LOOKUPS.set(0);
    }

    @AfterEach
    void restore() {
        System.clearProperty(Context.INITIAL_CONTEXT_FACTORY);
        executor.shutdownNow();
    }

    private static PlaytchaSettings.Builder settings() {
        return PlaytchaSettings.builder(SECRET);
    }

    @Test
    void whereTheRuntimeBindsOne_theLedgerGetsIt() {
        bound = executor;

        assertSame(executor, ManagedExecutor.forLedger(settings().build()));
    }

    @Test
    void withoutOne_theLedgerGetsNone() {
        assertNull(ManagedExecutor.forLedger(settings().build()));
    }

    @Test
    void somethingElseBoundThere_isNotUsed() {
        bound = "not an executor";

        assertNull(ManagedExecutor.forLedger(settings().build()));
    }

    @Test
    void turnedOff_orWithoutALedger_itIsNotEvenLookedUp() {
        bound = executor;

        assertNull(ManagedExecutor.forLedger(settings().managedThreads(false).build()));
        assertNull(ManagedExecutor.forLedger(settings().ledgerEnabled(false).build()));
        assertSame(0, LOOKUPS.get());
    }

    @Test
    void plainJava_withoutAnyNaming_getsNone() {
        System.clearProperty(Context.INITIAL_CONTEXT_FACTORY);

        assertNull(ManagedExecutor.forLedger(settings().build()));
    }
}
