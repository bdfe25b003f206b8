package com.playtcha.jakarta.servlet;

import com.playtcha.jakarta.spi.VerifierAndCounts;
import com.playtcha.jakarta.spi.VerifierOffer;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.spi.store.LoginFailures;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.function.Supplier;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a filter takes from its servlet context ({@link SharedVerifiers#offered}): a holder's one typed offer
 * gives the verifier and the login counts beside it; an application's own {@code Supplier<PlaytchaVerifier>},
 * the way {@link PlaytchaVerifier#APPLICATION_ATTRIBUTE} documents, still gives its verifier, with no counts.
 */
class ApplicationOfferTest {

    private final PlaytchaVerifier verifier = stub(PlaytchaVerifier.class);
    private final LoginFailures counts = stub(LoginFailures.class);
    private Server server;
    private ServletContext context;

    @BeforeEach
    void startContext() throws Exception {
        server = new Server(); // no connector: the context is all these tests need
        ServletContextHandler handler = new ServletContextHandler("/");
        server.setHandler(handler);
        server.start();
        context = handler.getServletContext();
    }

    @AfterEach
    void stopContext() throws Exception {
        server.stop();
    }

    @Test
    void aHoldersOffer_givesTheVerifierAndTheCountsBesideIt() throws ServletException {
        context.setAttribute(PlaytchaVerifier.APPLICATION_ATTRIBUTE, new VerifierOffer(() -> verifier, () -> counts));

        VerifierAndCounts held = SharedVerifiers.offered(context, "f", Map.of());

        assertSame(verifier, held.verifier());
        assertSame(counts, held.loginFailures());
    }

    @Test
    void aHoldersOffer_withoutCounts_givesTheVerifierAlone() throws ServletException {
        context.setAttribute(PlaytchaVerifier.APPLICATION_ATTRIBUTE, new VerifierOffer(() -> verifier, () -> null));

        VerifierAndCounts held = SharedVerifiers.offered(context, "f", Map.of());

        assertSame(verifier, held.verifier());
        assertNull(held.loginFailures());
    }

    @Test
    void anApplicationsPlainSupplier_stillGivesItsVerifier_withNoCounts() throws ServletException {
        context.setAttribute(PlaytchaVerifier.APPLICATION_ATTRIBUTE, (Supplier<PlaytchaVerifier>) () -> verifier);

        VerifierAndCounts held = SharedVerifiers.offered(context, "f", Map.of());

        assertSame(verifier, held.verifier());
        assertNull(held.loginFailures());
    }

    @Test
    void aSupplierOfSomethingElse_failsTheFiltersStart_namingTheFilter() {
        context.setAttribute(PlaytchaVerifier.APPLICATION_ATTRIBUTE, (Supplier<Object>) () -> "not a verifier");

        ServletException e = assertThrows(ServletException.class, () -> SharedVerifiers.offered(context, "signup", Map.of()));

        assertTrue(e.getMessage().startsWith("PlaytchaFilter 'signup': the application's PlaytchaVerifier could not be created"),
                e.getMessage());
    }

    @Test
    void nothingOffered_orInitParamsThatBuildAVerifier_giveNone() throws ServletException {
        assertNull(SharedVerifiers.offered(context, "f", Map.of()));

        context.setAttribute(PlaytchaVerifier.APPLICATION_ATTRIBUTE, new VerifierOffer(() -> verifier, () -> counts));
        assertNull(SharedVerifiers.offered(context, "f", Map.of("timeout", "2s")));
        assertSame(verifier, SharedVerifiers.offered(context, "f", Map.of("mode", "observe")).verifier());
    }

    /** Only its identity is looked at. */
    private static <T> T stub(Class<T> type) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) ->
                method.getName().equals("equals") ? proxy == args[0] : method.getName().equals("hashCode") ? 0 : null));
    }
}
