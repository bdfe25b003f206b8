package com.playtcha.jakarta.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.weld.environment.se.Weld;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * {@link PlaytchaLogin#paths()}: servlet URL patterns, matched as a filter mapping's, in any case and
 * against every form of a request's path, and checked at start-up.
 */
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

    @ParameterizedTest(name = "{0} on {1}: {2}")
    @CsvSource({
            "/api/login, /API/Login, true",
            "/API/LOGIN, /api/login, true",
            "*.login, /a/B.LOGIN, true",
            "/Login/*, /login/x, true"})
    void matchesInAnyCase(String pattern, String path, boolean matches) {
        assertEquals(matches, LoginPaths.of(pattern).matches(path));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "/api/login, /api/login",
            "/api/login/, /api/login",
            "/api/login///, /api/login",
            "//api//login, /api/login",
            "/api/login;jsessionid=x, /api/login",
            "/api;x=1/login, /api/login",
            "/api/./login, /api/login",
            "/x/../api/login, /api/login",
            "/x/..;y=2/api/login, /api/login",
            "/../../api/login, /api/login",
            "/api/login/., /api/login",
            "/api/login/.., /api",
            "/API/Login, /api/login",
            "'/api\\login', /api/login",
            "'', /",
            "/, /",
            "/;x, /"})
    void canonical_oneFormOfAPath(String path, String canonical) {
        assertEquals(canonical, LoginPaths.canonical(path));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "/api/%6Cogin, /api/login",
            "/api/%6cogin, /api/login",
            "/api%2Flogin, /api/login",
            "/api/%256Cogin, /api/login",
            "/api/%25256Cogin, /api/login",
            "/caf%C3%A9, /caf\u00e9",
            "/100%25, /100%",
            "/plain, /plain"})
    void decoded_asOftenAsThatStillChangesIt(String raw, String decoded) {
        assertEquals(decoded, LoginPaths.decoded(raw));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/%zzlogin", "/api/login%", "/api/login%6", "/%g0"})
    void aMalformedEscape_cannotBeDecoded(String raw) {
        assertNull(LoginPaths.decoded(raw));
    }

    @ParameterizedTest(name = "{0}: mapped {1}, uri {2}, context {3}: {4}")
    @CsvSource(nullValues = "null", value = {
            "/api/login, /api/login, /app/api/login, /app, true",
            "/api/login, null, /app/api/login/, /app, true",
            "/api/login, /api/other, /app/api/%6Cogin, /app, true",
            "/api/login, /api%2Flogin, /app/api%2Flogin, /app, true",
            "/api/login, null, /app/API;x=1//login/, /app, true",
            "/api/login, null, /App/api/login, /app, true",
            "/api/login, null, /%61pp/api/login, /%61pp, true",
            "/api/login, null, /other/api/login, /app, true",
            "/api/login, null, /api/login, '', true",
            "/api/login, null, /a/b/api/login, /a/b, true",
            "/api/login, null, /app/api/%zz, /app, true",
            "/api/login, /x, /app/x, /app, false",
            "/api/login, /api/logins, /app/api/logins, /app, false",
            "/api/login, null, /app/x/api/login, /app, false",
            "/api/login, null, /app, /app, false",
            "/login/*, null, /app/LOGIN/form/, /app, true",
            "*.login, null, /app/a/b.LOGIN;x=1, /app, true",
            "*.login, null, /app/a/b.login.x, /app, false"})
    void namedBy_anyFormOfTheRequestsPath(String pattern, String mapped, String uri, String context, boolean named) {
        assertEquals(named, LoginPaths.of(pattern).namedBy(mapped, uri, context));
    }

    @Test
    void noPatterns_nameNothing_notEvenAnUnreadablePath() {
        assertFalse(LoginPaths.of().namedBy(null, "/app/%zz", "/app"));
        assertFalse(LoginPaths.of().namedBy("/api/login", "/app/api/login", "/app"));
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

    @PlaytchaLogin(paths = "/api/login", exemptPaths = "api/*")
    @ApplicationScoped
    static class MisconfiguredExemption {
    }

    @Test
    void aBadExemptPath_failsDeployment_namingTheClassAndTheAttribute() {
        Weld weld = new Weld().disableDiscovery().addBeanClasses(MisconfiguredExemption.class)
                .addExtension(new PlaytchaSecurityExtension());

        RuntimeException failed = assertThrows(RuntimeException.class, () -> weld.initialize().close());

        String message = String.valueOf(failed.getMessage()) + " " + failed.getCause();
        assertTrue(message.contains(MisconfiguredExemption.class.getName()) && message.contains("exemptPaths")
                && message.contains("'api/*'"), message);
    }

    /** An exemption holds only where every reading of the path agrees: the mapping and the URI. */
    @ParameterizedTest(name = "{0} mapped {1}: {2}")
    @CsvSource(nullValues = "null", value = {
            "/app/api/orders, /api/orders, true",
            "/app/API/orders, /api/orders, true",
            "/app/login/x, /api/orders, false",
            "/app/api/orders, /login/x, false",
            "/app/api/..;/login, /api/..;/login, false",
            "/app/api/orders, null, false",
            "/app/api/%zz, /api/orders, false"})
    void anExemptionNeedsEveryFormOfThePath(String uri, String mapped, boolean exempt) {
        assertEquals(exempt, LoginPaths.of("/api/*").namedInEveryForm(mapped, uri, "/app"));
    }
}
