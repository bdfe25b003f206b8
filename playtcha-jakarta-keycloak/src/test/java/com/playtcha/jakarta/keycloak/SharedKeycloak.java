package com.playtcha.jakarta.keycloak;

import com.playtcha.jakarta.testing.PlaytchaSimulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The one Keycloak of the IT run, shared by every IT class of the Failsafe JVM that says
 * {@code @ExtendWith(SharedKeycloak.class)} and takes a {@link Running} in its {@code @BeforeAll}: a start costs about
 * 30 s of CPU, so the classes share one. The first class starts the simulator and the server (every realm of
 * {@code src/test/resources/import}), the run's root store stops them when the run ends. Where Keycloak's JDK is absent
 * the class is skipped, saying so ({@link KeycloakServer#built()}), before anything starts.
 *
 * <p>The server's SPI options: the simulator's secret and URL, and the test's own widget ({@link #WIDGET}), since the
 * vendor's script is not reachable from a test.
 */
final class SharedKeycloak implements BeforeAllCallback, ParameterResolver {

    /**
     * The widget the server's pages show ({@code widget-snippet}): the element the theme and the tests look for, and the
     * form field the vendor's widget fills with its token, which a browser test fills the same way.
     */
    static final String WIDGET = "<div class=\"playtcha-widget\" data-field=\"playtcha-token\">"
            + "<input type=\"hidden\" id=\"playtcha-token\" name=\"playtcha-token\" value=\"\"></div>";

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedKeycloak.class);

    /** The run's simulator (Playtcha), Keycloak, and its admin API. */
    record Running(PlaytchaSimulator playtcha, KeycloakServer keycloak, KeycloakAdmin admin) implements AutoCloseable {

        @Override
        public void close() {
            try {
                keycloak.close();
            } finally {
                playtcha.close();
            }
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        KeycloakServer.built(); // skips the class where the JDK is absent, before anything starts
        context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Running.class, type -> start(), Running.class);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Running.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).get(Running.class, Running.class);
    }

    private static Running start() {
        PlaytchaSimulator playtcha = PlaytchaSimulator.start();
        try {
            KeycloakServer keycloak = KeycloakServer.start(Map.of(
                    "KC_SPI_AUTHENTICATOR__PLAYTCHA_LOGIN_FORM__SECRET", playtcha.secret(),
                    "KC_SPI_AUTHENTICATOR__PLAYTCHA_LOGIN_FORM__API_URL", playtcha.url().toString(),
                    "KC_SPI_AUTHENTICATOR__PLAYTCHA_LOGIN_FORM__WIDGET_SNIPPET", WIDGET,
                    "KC_BOOTSTRAP_ADMIN_USERNAME", KeycloakAdmin.USER,
                    "KC_BOOTSTRAP_ADMIN_PASSWORD", KeycloakAdmin.PASSWORD));
            return new Running(playtcha, keycloak, new KeycloakAdmin(keycloak.url()));
        } catch (RuntimeException | Error e) {
            playtcha.close();
            throw e;
        } catch (IOException e) {
            playtcha.close();
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            playtcha.close();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while Keycloak started", e);
        }
    }
}
