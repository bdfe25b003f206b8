package com.playtcha.jakarta.internal.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import com.playtcha.jakarta.spi.store.VerifierClock;
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
 * reaches the request or the ledger's thread; only a {@link VirtualMachineError} goes on up. On a
 * reconciliation the ones that threw are returned, and a reconciliation they owe goes to them alone.
 */
class ListenersTest {

    private static final VerificationResult UNAVAILABLE =
            VerificationResult.Unavailable.unanswered(VerificationResult.Source.NETWORK, VerificationResult.TIMEOUT, "no reply");
    @RegisterExtension
    final LogCapture log = new LogCapture();
    private final List<String> heard = new ArrayList<>();

    @Test
    void aListenerThatThrowsAnError_isLoggedAndSkipped_andTheNextOneStillHears() {
        Listeners listeners = listeners(new NoClassDefFoundError("com/example/Gone"));

        listeners.decided(event());
        List<PlaytchaListener> failed = listeners.reconciled(reconciliation(), null);

        assertEquals(List.of(thrower), failed, "the one that failed: the ledger hands it again to that one alone");
        assertEquals(List.of("decided", "reconciled"), heard, "the listener after the failing one");
        assertEquals(2, log.lines(Level.WARNING).size(), String.join("\n", log.lines(Level.WARNING)));
        assertTrue(log.lines(Level.WARNING).get(1).contains("failed on a reconciliation [id=entry-1]"));
    }

    @Test
    void aListenerThatThrowsAnException_isSkippedLikewise() {
        Listeners listeners = listeners(new IllegalStateException("database down"));

        listeners.decided(event());

        assertEquals(List.of(thrower), listeners.reconciled(reconciliation(), null));
        assertEquals(List.of("decided", "reconciled"), heard);
    }

    @Test
    void everyListenerTakingIt_leavesNoneOwing() {
        Listeners listeners = new Listeners(VerifierClock.SYSTEM);
        listeners.add(recorder());

        assertEquals(List.of(), listeners.reconciled(reconciliation(), null));
    }

    @Test
    void aReconciliationOwedBySomeListeners_goesToThemAlone() {
        Listeners listeners = listeners(new IllegalStateException("database down"));

        List<PlaytchaListener> failed = listeners.reconciled(reconciliation(), List.of(thrower));

        assertEquals(List.of(thrower), failed);
        assertEquals(List.of(), heard, "the recorder took it before and is not called again");
    }

    @Test
    void aListenerRemovedWhileItOwes_isNotCalledAgain() {
        Listeners listeners = listeners(new IllegalStateException("database down"));
        listeners.remove(thrower);

        assertEquals(List.of(), listeners.reconciled(reconciliation(), List.of(thrower)));
        assertEquals(List.of(), heard);
    }

    @Test
    void aVirtualMachineError_isNotSwallowed() {
        Listeners listeners = listeners(new OutOfMemoryError("simulated"));

        assertThrows(OutOfMemoryError.class, () -> listeners.decided(event()));
        assertThrows(OutOfMemoryError.class, () -> listeners.reconciled(reconciliation(), null));
    }

    /** The failing listener of {@link #listeners(Throwable)}. */
    private PlaytchaListener thrower;

    private Listeners listeners(Throwable thrown) {
        Listeners listeners = new Listeners(VerifierClock.SYSTEM);
        thrower = new PlaytchaListener() {
            @Override
            public void decided(DecisionEvent event) {
                throw sneaky(thrown);
            }

            @Override
            public void reconciled(Reconciliation reconciliation) {
                throw sneaky(thrown);
            }
        };
        listeners.add(thrower);
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
