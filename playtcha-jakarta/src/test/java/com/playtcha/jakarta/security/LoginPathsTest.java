package com.playtcha.jakarta.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.weld.environment.se.Weld;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** {@link PlaytchaLogin#paths()}: servlet URL patterns, matched as a filter mapping's, and checked at start-up. */
class LoginPathsTest {

    @ParameterizedTest(name = "{0} on {1}: {2}")
    @CsvSource({
            "/api/login, /api/login, true",
            "/api/login, /api/login/, false",
            "/api/login, /api/logins, false",
            "/login/*, /login, true",
            "/login/*, /login/form, true",
            "/login/*, /loginx, false",
            "*.login, /a/b.login, true",
            "*.login, /a/login, false",
            "/*, /anything, true",
            "/, /anything, true"})
    void matchesAsAFilterMappingDoes(String pattern, String path, boolean matches) {
        assertEquals(matches, LoginPaths.of(pattern).matches(path));
    }

    @ParameterizedTest
    @ValueSource(strings = {"api/login", "/api/*/login", "*.", "*./x", "/a*", ""})
    void whatIsNoServletUrlPattern_isRefused(String pattern) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> LoginPaths.of(pattern));
        assertTrue(refused.getMessage().contains("'" + pattern + "'"), refused.getMessage());
    }

    @PlaytchaLogin(paths = "api/login")
    @ApplicationScoped
    static class Misconfigured {
    }

    @Test
    void aBadPathOnAMechanism_failsDeployment_namingTheClass() {
        Weld weld = new Weld().disableDiscovery().addBeanClasses(Misconfigured.class)
                .addExtension(new PlaytchaSecurityExtension());

        RuntimeException failed = assertThrows(RuntimeException.class, () -> weld.initialize().close());

        String message = String.valueOf(failed.getMessage()) + " " + failed.getCause();
        assertTrue(message.contains(Misconfigured.class.getName()) && message.contains("'api/login'"), message);
    }
}
