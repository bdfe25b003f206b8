package com.playtcha.jakarta.keycloak;

import com.playtcha.jakarta.testing.PlaytchaSimulator;
import java.util.Map;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The one Keycloak every IT class of the Failsafe JVM logs in at, with its simulator: started by the first class that
 * asks, in JUnit's root store, and stopped when the run ends (a start costs about 30 s of CPU; one is enough). A class
 * extends with it and takes the {@link Running} server as a parameter of its {@code @BeforeAll}; each realm of
 * src/test/resources/import keeps counts of its own, and each test logs in from client addresses of its own.
 */
final class SharedKeycloak implements BeforeAllCallback, ParameterResolver {

    /** The server, its simulator as Playtcha, and its admin API. */
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

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedKeycloak.class);

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        KeycloakServer.built(); // skips the class where the JDK is absent, before anything starts
        running(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Running.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return running(context);
    }

    private static Running running(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Running.class, key -> start(), Running.class);
    }

    private static Running start() {
        PlaytchaSimulator playtcha = PlaytchaSimulator.start();
        try {
            KeycloakServer keycloak = KeycloakServer.start(Map.of(
                    "KC_SPI_AUTHENTICATOR__PLAYTCHA_LOGIN_FORM__SECRET", playtcha.secret(),
                    "KC_SPI_AUTHENTICATOR__PLAYTCHA_LOGIN_FORM__API_URL", playtcha.url().toString(),
                    "KC_BOOTSTRAP_ADMIN_USERNAME", KeycloakAdmin.USER,
                    "KC_BOOTSTRAP_ADMIN_PASSWORD", KeycloakAdmin.PASSWORD));
            return new Running(playtcha, keycloak, new KeycloakAdmin(keycloak.url()));
        } catch (Exception e) {
            playtcha.close();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("the shared Keycloak did not start", e);
        }
    }
}
