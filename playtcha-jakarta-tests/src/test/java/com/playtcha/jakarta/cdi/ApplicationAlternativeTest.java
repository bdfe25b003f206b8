package com.playtcha.jakarta.cdi;

import com.playtcha.jakarta.core.VerifierThreads;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContext;
import java.util.Set;
import java.util.function.Supplier;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.jboss.weld.junit5.EnableWeld;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldSetup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An application's {@code @Alternative @Priority} verifier replaces ours everywhere: in injection
 * and in what is offered to the filter. Ours is fully configured against the simulator, so if the
 * producer built one anyway it would show as a timer thread.
 */
@EnableWeld
class ApplicationAlternativeTest {

    @RegisterExtension
    static final PlaytchaSimulatorExtension PLAYTCHA = new PlaytchaSimulatorExtension();

    @RegisterExtension
    static final InMemoryConfig CONFIG = InMemoryConfig.pointingAt(PLAYTCHA);

    /** Verifier threads before this class started any container. */
    private static VerifierThreads threadsBefore;
    private static long connectionsBefore;

    @BeforeAll
    static void snapshot() {
        threadsBefore = VerifierThreads.snapshot();
        connectionsBefore = PLAYTCHA.simulator().connectionsOpened();
    }

    /** After every container of this class has started, been used and shut down. */
    @AfterAll
    static void ourProducerBuiltNoVerifier() {
        assertTrue(threadsBefore.started().isEmpty(), "our producer built a verifier");
        assertEquals(connectionsBefore, PLAYTCHA.simulator().connectionsOpened(), "connections to Playtcha");
    }

    private final PlaytchaSimulator sim = PLAYTCHA.simulator();

    @WeldSetup
    WeldInitiator weld = WeldInitiator.from(PlaytchaVerifierProducer.class, FixedVerifier.class).inject(this).build();

    @Inject
    PlaytchaVerifier verifier;

    @Test
    void injectionGetsTheApplicationsAlternative() {
        assertSame(FixedVerifier.RESULT, verifier.verify(sim.mintToken(), null, "/signup").result());
        assertInstanceOf(FixedVerifier.class, PlaytchaVerifierProducerTest.contextualInstance(verifier));
        assertEquals(0, sim.callCount());
        assertTrue(threadsBefore.started().isEmpty(), "our producer built a verifier");
    }

    @Test
    void theFilterIsOfferedTheAlternative() throws Exception {
        Server server = new Server();
        ServletContextHandler handler = new ServletContextHandler("/");
        server.setHandler(handler);
        server.start();
        try {
            ServletContext context = handler.getServletContext();

            weld.select(PlaytchaVerifierProducer.class).get().offerToFilter(context);

            Supplier<?> offered = assertInstanceOf(Supplier.class, context.getAttribute(PlaytchaVerifier.APPLICATION_ATTRIBUTE));
            PlaytchaVerifier forFilter = assertInstanceOf(PlaytchaVerifier.class, offered.get());
            assertSame(FixedVerifier.RESULT, forFilter.verify(sim.mintToken(), null, "/signup").result());
            assertSame(PlaytchaVerifierProducerTest.contextualInstance(verifier),
                    PlaytchaVerifierProducerTest.contextualInstance(forFilter));
            assertEquals(0, sim.callCount());
        } finally {
            server.stop();
        }
    }
}
