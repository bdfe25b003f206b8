package com.playtcha.jakarta.keycloak;

import com.playtcha.jakarta.testing.PlaytchaSimulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The one Keycloak of the IT run, for every IT class of the Failsafe JVM that says
 * {@code @ExtendWith(SharedKeycloak.class)} and takes a {@link Running} in its {@code @BeforeAll}: the first node of
 * {@link KeycloakNodes}, which starts the simulator and the server (every realm of {@code src/test/resources/import}) once
 * and stops them when the JVM exits; a start costs about 30 s of CPU, so the classes share one. Where Keycloak's JDK is
 * absent the class is skipped, saying so ({@link KeycloakServer#built()}), before anything starts.
 *
 * <p>The server's SPI options: the simulator's secret and URL, and the test's own widget ({@link #WIDGET}), since the
 * vendor's script is not reachable from a test. After each class, the secret is in no output of the run's nodes (what
 * they logged so far, the logins, refusals and outages of every class before included): the class fails otherwise.
 */
final class SharedKeycloak implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    /**
     * The widget the server's pages show ({@code widget-snippet}): the element the theme and the tests look for, and the
     * form field the vendor's widget fills with its token, which a browser test fills the same way.
     */
    static final String WIDGET = "<div class=\"playtcha-widget\" data-field=\"playtcha-token\">"
            + "<input type=\"hidden\" id=\"playtcha-token\" name=\"playtcha-token\" value=\"\"></div>";

    /** The run's simulator (Playtcha), Keycloak, and its admin API. */
    record Running(PlaytchaSimulator playtcha, KeycloakServer keycloak, KeycloakAdmin admin) {
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        KeycloakNodes.get(); // skips the class where the JDK is absent, before anything starts
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        KeycloakNodes nodes = KeycloakNodes.started();
        if (nodes == null) {
            return; // skipped: nothing started
        }
        for (KeycloakServer server : nodes.servers()) {
            if (server.output().contains(nodes.playtcha().secret())) {
                throw new AssertionError("the Playtcha secret is in the output of " + server);
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Running.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        try {
            KeycloakNodes nodes = KeycloakNodes.get();
            return new Running(nodes.playtcha(), nodes.first(), nodes.admin());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while Keycloak started", e);
        }
    }
}
