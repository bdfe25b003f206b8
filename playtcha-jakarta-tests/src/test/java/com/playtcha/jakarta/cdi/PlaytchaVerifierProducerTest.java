package com.playtcha.jakarta.cdi;

import com.playtcha.jakarta.core.VerifierThreads;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.FailMode;
import com.playtcha.jakarta.core.Mode;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContext;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.jboss.weld.environment.se.WeldContainer;
import org.jboss.weld.environment.se.events.ContainerInitialized;
import org.jboss.weld.junit5.EnableWeld;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldSetup;
import org.jboss.weld.proxy.WeldClientProxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code @Inject PlaytchaVerifier} and {@code @Inject PlaytchaSettings} in a Weld SE container,
 * configured from an in-memory MicroProfile Config that points at the simulator.
 */
@EnableWeld
class PlaytchaVerifierProducerTest {

    /** Generous: two cores, and another Maven build may be running beside this one. */
    static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final PlaytchaSimulatorExtension PLAYTCHA = new PlaytchaSimulatorExtension();

    @RegisterExtension
    static final InMemoryConfig CONFIG = InMemoryConfig.pointingAt(PLAYTCHA,
            "playtcha.timeout", "5s",
            "playtcha.connect-timeout", "2s",
            "playtcha.fail-closed", "1",
            "playtcha.mode", "observe",
            "playtcha.max-connections", "4",
            "playtcha.token-header", "X-Form-Token",
            "playtcha.reject-status", "422");

    /** The Weld extension resolves test method parameters itself, so the simulator comes from the field. */
    private final PlaytchaSimulator sim = PLAYTCHA.simulator();

    @WeldSetup
    WeldInitiator weld = WeldInitiator.from(PlaytchaVerifierProducer.class).inject(this).build();

    @Inject
    PlaytchaVerifier verifier;

    @Inject
    PlaytchaVerifier secondInjection;

    @Inject
    PlaytchaSettings settings;

    @Test
    void injectedVerifier_isConfiguredFromMicroProfileConfig_andVerifiesAgainstPlaytcha() {
        String token = sim.mintToken();

        VerificationResult result = verifier.verify(token, null, "/signup").result();

        assertInstanceOf(VerificationResult.Verified.class, result);
        assertEquals(1, sim.callCount(token));
        assertEquals(sim.secret(), sim.calls().get(0).secret());
    }

    @Test
    void injectedSettings_comeFromMicroProfileConfig() {
        assertEquals(sim.secret(), settings.secret());
        assertEquals(sim.url(), settings.apiUrl());
        assertEquals(Duration.ofSeconds(5), settings.timeout());
        assertEquals(Duration.ofSeconds(2), settings.connectTimeout());
        assertEquals(FailMode.CLOSED, settings.failMode());
        assertEquals(Mode.OBSERVE, settings.mode());
        assertEquals(4, settings.maxConnections());
        assertEquals("X-Form-Token", settings.tokenHeader());
        assertEquals(422, settings.rejectStatus());
        assertEquals("playtcha-token", settings.tokenParameter(), "a key the config leaves out keeps its default");
        assertEquals(settings, weld.select(PlaytchaSettings.class).get(), "read once, the same every time");
    }

    @Test
    void verifierIsApplicationScoped_everyInjectionUsesOneVerifierAndOnePool() {
        VerifierThreads before = VerifierThreads.snapshot();
        long connectionsBefore = sim.connectionsOpened();
        PlaytchaVerifier looked = weld.select(PlaytchaVerifier.class).get();

        assertInstanceOf(VerificationResult.Verified.class, verifier.verify(sim.mintToken(), null, "/signup").result());
        assertInstanceOf(VerificationResult.Verified.class, secondInjection.verify(sim.mintToken(), null, "/signup").result());
        assertInstanceOf(VerificationResult.Verified.class, looked.verify(sim.mintToken(), null, "/signup").result());

        // CDI injects client proxies; the instance behind them is what must be one.
        Object instance = contextualInstance(verifier);
        assertNotSame(verifier, instance, "an injected proxy, not the verifier itself");
        assertSame(instance, contextualInstance(secondInjection));
        assertSame(instance, contextualInstance(looked));
        assertEquals(1, before.started().size(), "verifiers built");
        assertEquals(1, sim.connectionsOpened() - connectionsBefore, "three verifies over one pooled connection");
    }

    @Test
    void verifierIsBuiltOnFirstUse_notWhenTheContainerStarts() {
        VerifierThreads before = VerifierThreads.snapshot();
        assertTrue(before.started().isEmpty());

        verifier.verify(sim.mintToken(), null, "/signup");

        assertEquals(1, before.started().size());
    }

    @Test
    void containerShutdown_closesTheVerifier_itsConnectionsAndItsThread() throws InterruptedException {
        VerifierThreads before = VerifierThreads.snapshot();
        String token = sim.mintToken();
        assertInstanceOf(VerificationResult.Verified.class, verifier.verify(token, null, "/signup").result());
        PlaytchaVerifier instance = (PlaytchaVerifier) contextualInstance(verifier);
        List<Thread> started = before.started();
        assertEquals(1, started.size());
        assertTrue(sim.openConnections() >= 1, "the pool keeps its connection to Playtcha open");

        weld.shutdown();

        assertTrue(sim.awaitOpenConnectionsAtMost(0, WAIT), () -> sim.openConnections() + " connections still open");
        assertTrue(before.leftAfter(WAIT).isEmpty(), () -> "still alive: " + started);
        IllegalStateException closed = assertThrows(IllegalStateException.class,
                () -> instance.verify(sim.mintToken(), null, "/signup"));
        assertTrue(closed.getMessage().contains("closed"), closed.getMessage());
    }

    @Test
    void offerToFilter_putsASupplierOfTheCdiVerifierIntoTheServletContext() throws Exception {
        VerifierThreads before = VerifierThreads.snapshot();
        Server server = new Server(); // no connector: the context is all this test needs
        ServletContextHandler handler = new ServletContextHandler("/");
        server.setHandler(handler);
        server.start();
        try {
            ServletContext context = handler.getServletContext();
            PlaytchaVerifierProducer producer = weld.select(PlaytchaVerifierProducer.class).get();

            producer.offerToFilter(context);

            Object offered = context.getAttribute(PlaytchaVerifier.APPLICATION_ATTRIBUTE);
            Supplier<?> supplier = assertInstanceOf(Supplier.class, offered);
            PlaytchaVerifier fromSupplier = assertInstanceOf(PlaytchaVerifier.class, supplier.get());
            assertInstanceOf(VerificationResult.Verified.class, fromSupplier.verify(sim.mintToken(), null, "/signup").result());
            assertSame(contextualInstance(verifier), contextualInstance(fromSupplier), "the application's verifier");
            assertEquals(1, before.started().size(), "no second verifier for the filter");
        } finally {
            server.stop();
        }
    }

    @Test
    void offerToFilter_withAnythingButAServletContext_doesNothing() {
        VerifierThreads before = VerifierThreads.snapshot();
        PlaytchaVerifierProducer producer = weld.select(PlaytchaVerifierProducer.class).get();

        producer.offerToFilter(new Object());
        producer.offerToFilter("not a servlet context");

        assertTrue(before.started().isEmpty(), "no verifier built");
    }

    /** Weld SE fires {@code @Initialized(ApplicationScoped.class)} once, with a {@link ContainerInitialized} as payload. */
    @Test
    void weldSe_firesApplicationInitialized_withContainerInitialized_andTheProducerTakesIt() {
        VerifierThreads before = VerifierThreads.snapshot();
        try (WeldContainer container = WeldInitiator.createWeld()
                .addBeanClasses(PlaytchaVerifierProducer.class, ApplicationInitializedRecorder.class).initialize()) {
            List<Object> payloads = container.select(ApplicationInitializedRecorder.class).get().payloads();

            assertEquals(1, payloads.size(), () -> "payloads: " + payloads);
            ContainerInitialized payload = assertInstanceOf(ContainerInitialized.class, payloads.get(0));
            assertEquals(container.getId(), payload.getContainerId());
            assertFalse(payload instanceof ServletContext);
            assertTrue(container.isRunning());
            assertTrue(before.started().isEmpty(), "no verifier built at start");
        }
    }

    @ApplicationScoped
    static class ApplicationInitializedRecorder {
        private final List<Object> payloads = new CopyOnWriteArrayList<>();

        void record(@Observes @Initialized(ApplicationScoped.class) Object payload) {
            payloads.add(payload);
        }

        List<Object> payloads() {
            return List.copyOf(payloads);
        }
    }

    static Object contextualInstance(Object reference) {
        return ((WeldClientProxy) reference).getMetadata().getContextualInstance();
    }
}
