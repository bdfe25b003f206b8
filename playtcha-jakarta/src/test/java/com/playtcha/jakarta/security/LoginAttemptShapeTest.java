package com.playtcha.jakarta.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.enterprise.inject.Stereotype;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Proxy;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The two readings {@link PlaytchaLoginInterceptor} makes before it loads any setting: whether a
 * request could carry credentials (down to the shapes a test server over HTTP/1.1 cannot send), and
 * which {@link PlaytchaLogin} bound the call (through a stereotype too).
 */
class LoginAttemptShapeTest {

    @Test
    void anHttp2PostWithNeitherLengthNorContentType_couldCarryCredentials() {
        assertTrue(PlaytchaLoginInterceptor.couldCarryCredentials(request("HTTP/2.0", "POST", Map.of())));
        assertTrue(PlaytchaLoginInterceptor.couldCarryCredentials(request("HTTP/2.0", "PUT", Map.of())));
        assertTrue(PlaytchaLoginInterceptor.couldCarryCredentials(request("HTTP/3", "PATCH", Map.of())));
    }

    @Test
    void theLoginPageAndAPreflight_overHttp2_carryNothing() {
        assertFalse(PlaytchaLoginInterceptor.couldCarryCredentials(request("HTTP/2.0", "GET", Map.of())));
        assertFalse(PlaytchaLoginInterceptor.couldCarryCredentials(request("HTTP/2.0", "HEAD", Map.of())));
        assertFalse(PlaytchaLoginInterceptor.couldCarryCredentials(request("HTTP/2.0", "OPTIONS", Map.of())));
    }

    @Test
    void overHttp11_aBodyIsAnnounced_soABarePostCarriesNothing() {
        assertFalse(PlaytchaLoginInterceptor.couldCarryCredentials(request("HTTP/1.1", "POST", Map.of())));
        assertTrue(PlaytchaLoginInterceptor.couldCarryCredentials(
                request("HTTP/1.1", "POST", Map.of("Transfer-Encoding", "chunked"))));
        assertTrue(PlaytchaLoginInterceptor.couldCarryCredentials(
                request("HTTP/1.1", "GET", Map.of("Authorization", "Basic YTpi"))));
    }

    @Stereotype
    @PlaytchaLogin(paths = "/api/login")
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @interface GuardedLogin {
    }

    @GuardedLogin
    static class StereotypedMechanism {
    }

    static class SubclassOfIt extends StereotypedMechanism {
    }

    @Test
    void pathsCarriedByAStereotype_areRead_notTakenForNone() {
        assertArrayEquals(new String[] {"/api/login"}, PlaytchaLoginInterceptor.binding(StereotypedMechanism.class).paths());
        assertNull(PlaytchaLoginInterceptor.binding(SubclassOfIt.class), "not inherited: the superclass walk finds it");
        assertNull(PlaytchaLoginInterceptor.binding(String.class));
    }

    /** A request with only what the reading looks at; every other call answers null (no query, unknown length). */
    private static HttpServletRequest request(String protocol, String method, Map<String, String> headers) {
        return (HttpServletRequest) Proxy.newProxyInstance(HttpServletRequest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, call, args) -> switch (call.getName()) {
                    case "getProtocol" -> protocol;
                    case "getMethod" -> method;
                    case "getHeader" -> headers.get((String) args[0]);
                    case "getContentLengthLong" -> -1L;
                    case "getContentLength" -> -1;
                    default -> null;
                });
    }
}
