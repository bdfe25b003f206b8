package com.playtcha.jakarta.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.playtcha.jakarta.core.DecisionEvent;
import com.playtcha.jakarta.core.LedgerEntry;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.Reconciliation;
import com.playtcha.jakarta.core.TestSettings;
import com.playtcha.jakarta.testing.Fault;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jboss.weld.junit5.EnableWeld;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldSetup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the produced verifier reports arrives as CDI events, decisions and reconciliations alike. */
@EnableWeld
class CdiEventsTest {

    @RegisterExtension
    static final PlaytchaSimulatorExtension PLAYTCHA = new PlaytchaSimulatorExtension();

    @RegisterExtension
    static final InMemoryConfig CONFIG = InMemoryConfig.pointingAt(PLAYTCHA, "playtcha.breaker.enabled", "false");

    /** An application bean that observes both events. */
    @ApplicationScoped
    static class Observer {
        final BlockingQueue<DecisionEvent> decisions = new LinkedBlockingQueue<>();
        final BlockingQueue<Reconciliation> reconciled = new LinkedBlockingQueue<>();

        void onDecision(@Observes DecisionEvent event) {
            decisions.add(event);
        }

        void onReconciled(@Observes Reconciliation reconciliation) {
            reconciled.add(reconciliation);
        }

        // Methods, not fields: the test holds a client proxy.
        DecisionEvent nextDecision() throws InterruptedException {
            return decisions.poll(TestSettings.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }

        Reconciliation nextReconciliation() throws InterruptedException {
            return reconciled.poll(TestSettings.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }

        Reconciliation anotherWithin(long millis) throws InterruptedException {
            return reconciled.poll(millis, TimeUnit.MILLISECONDS);
        }
    }

    private final PlaytchaSimulator sim = PLAYTCHA.simulator();

    @WeldSetup
    WeldInitiator weld = WeldInitiator.from(PlaytchaVerifierProducer.class, Observer.class).inject(this).build();

    @Inject
    PlaytchaVerifier verifier;

    @Inject
    Observer observer;

    @Test
    void failedOpen_isObservedAsADecision_thenAsItsReconciliation() throws Exception {
        sim.inject(Fault.serverError(503, "db_error"));
        String token = sim.mintToken();
        LedgerEntry entry = verifier.verify(token, "192.0.2.44", "/newsletter").ledgerEntry();
        sim.clearFaults();

        DecisionEvent decided = observer.nextDecision();
        assertNotNull(decided);
        assertEquals(DecisionEvent.Kind.FAILED_OPEN, decided.kind());
        assertEquals(entry, decided.ledgerEntry());
        Reconciliation reconciled = observer.nextReconciliation();
        assertNotNull(reconciled, "reconciled on the ledger's thread, fired as a CDI event");
        assertEquals(entry.id(), reconciled.entry().id());
        assertEquals(Reconciliation.Outcome.CONFIRMED, reconciled.outcome());
        assertEquals(null, observer.anotherWithin(1_000), "once, also after four more passes");
    }
}
