package com.playtcha.jakarta.internal.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.Decision;
import com.playtcha.jakarta.core.DecisionEvent;
import com.playtcha.jakarta.core.FailMode;
import com.playtcha.jakarta.core.LedgerEntry;
import com.playtcha.jakarta.core.LogCapture;
import com.playtcha.jakarta.core.Mode;
import com.playtcha.jakarta.core.PlaytchaListener;
import com.playtcha.jakarta.core.Reconciliation;
import com.playtcha.jakarta.core.VerificationResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A listener is application code: whatever it throws (an exception, a {@code LinkageError} after a
 * redeploy) is logged and skipped, the listeners after it still hear the event, and nothing
 * reaches the request or the ledger's thread; only a {@link VirtualMachineError} goes on up.
 */
class ListenersTest {

    private static final VerificationResult UNAVAILABLE =
            new VerificationResult.Unavailable(VerificationResult.TIMEOUT, "no reply", null, 0);
    @RegisterExtension
    final LogCapture log = new LogCapture();
    private final List<String> heard = new ArrayList<>();

    @Test
    void aListenerThatThrowsAnError_isLoggedAndSkipped_andTheNextOneStillHears() {
        Listeners listeners = listeners(new NoClassDefFoundError("com/example/Gone"));

        listeners.decided(event());
        boolean delivered = listeners.reconciled(reconciliation());

        assertFalse(delivered, "a listener failed on it, so the ledger dead-letters it");
        assertEquals(List.of("decided", "reconciled"), heard, "the listener after the failing one");
        assertEquals(2, log.lines(Level.WARNING).size(), String.join("\n", log.lines(Level.WARNING)));
        assertTrue(log.lines(Level.WARNING).get(1).contains("failed on a reconciliation [id=entry-1]"));
    }

    @Test
    void aListenerThatThrowsAnException_isSkippedLikewise() {
        Listeners listeners = listeners(new IllegalStateException("database down"));

        listeners.decided(event());

        assertFalse(listeners.reconciled(reconciliation()));
        assertEquals(List.of("decided", "reconciled"), heard);
    }

    @Test
    void everyListenerTakingIt_isDelivered() {
        Listeners listeners = new Listeners(System::nanoTime);
        listeners.add(recorder());

        assertTrue(listeners.reconciled(reconciliation()));
    }

    @Test
    void aVirtualMachineError_isNotSwallowed() {
        Listeners listeners = listeners(new OutOfMemoryError("simulated"));

        assertThrows(OutOfMemoryError.class, () -> listeners.decided(event()));
        assertThrows(OutOfMemoryError.class, () -> listeners.reconciled(reconciliation()));
    }

    private Listeners listeners(Throwable thrown) {
        Listeners listeners = new Listeners(System::nanoTime);
        listeners.add(new PlaytchaListener() {
            @Override
            public void decided(DecisionEvent event) {
                throw sneaky(thrown);
            }

            @Override
            public void reconciled(Reconciliation reconciliation) {
                throw sneaky(thrown);
            }
        });
        listeners.add(recorder());
        return listeners;
    }

    private PlaytchaListener recorder() {
        return new PlaytchaListener() {
            @Override
            public void decided(DecisionEvent event) {
                heard.add("decided");
            }

            @Override
            public void reconciled(Reconciliation reconciliation) {
                heard.add("reconciled");
            }
        };
    }

    private static DecisionEvent event() {
        return new DecisionEvent(Instant.now(), "/signup", "203.0.113.7", UNAVAILABLE,
                Decision.of(UNAVAILABLE, FailMode.OPEN, Mode.ENFORCE, 403), null, Duration.ofMillis(3));
    }

    private static Reconciliation reconciliation() {
        LedgerEntry entry = new LedgerEntry("entry-1", "tok", Instant.now(), "/signup", "203.0.113.7", VerificationResult.TIMEOUT);
        return new Reconciliation(entry, Reconciliation.Outcome.CONFIRMED, null, Instant.now());
    }

    /** Throws any throwable from a method that declares none. */
    @SuppressWarnings("unchecked")
    private static <T extends Throwable> RuntimeException sneaky(Throwable t) throws T {
        throw (T) t;
    }
}
