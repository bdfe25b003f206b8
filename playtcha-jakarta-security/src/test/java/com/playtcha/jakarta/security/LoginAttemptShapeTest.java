package com.playtcha.jakarta.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Stereotype;
import jakarta.interceptor.InvocationContext;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The two readings {@link PlaytchaLoginInterceptor} makes before it loads any setting: whether a
 * request could carry credentials (down to the shapes a test server over HTTP/1.1 cannot send, through
 * the interceptor's own {@code guard}: such a request is refused without a token, any other reaches the
 * mechanism), and which {@link PlaytchaLogin} bound the call (through a stereotype too).
 */
class LoginAttemptShapeTest {

    private static PlaytchaVerifier verifier;

    @BeforeAll
    static void startTheVerifier() {
        verifier = PlaytchaVerifier.create(PlaytchaSettings.builder("sk_test_shape").ledgerEnabled(false).build());
    }

    @AfterAll
    static void closeTheVerifier() {
        verifier.close();
    }

    @Test
    void anHttp2PostWithNeitherLengthNorContentType_couldCarryCredentials() throws Exception {
        assertTrue(refused(request("HTTP/2.0", "POST", Map.of())));
        assertTrue(refused(request("HTTP/2.0", "PUT", Map.of())));
        assertTrue(refused(request("HTTP/3", "PATCH", Map.of())));
    }

    @Test
    void theLoginPageAndAPreflight_overHttp2_carryNothing() throws Exception {
        assertFalse(refused(request("HTTP/2.0", "GET", Map.of())));
        assertFalse(refused(request("HTTP/2.0", "HEAD", Map.of())));
        assertFalse(refused(request("HTTP/2.0", "OPTIONS", Map.of())));
    }

    @Test
    void overHttp11_aBodyIsAnnounced_soABarePostCarriesNothing() throws Exception {
        assertFalse(refused(request("HTTP/1.1", "POST", Map.of())));
        assertTrue(refused(request("HTTP/1.1", "POST", Map.of("Transfer-Encoding", "chunked"))));
        assertTrue(refused(request("HTTP/1.1", "GET", Map.of("Authorization", "Basic YTpi"))));
    }

    /** A mechanism guarded at every path. */
    @PlaytchaLogin(paths = "/*")
    static class EveryPath {
        public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
                HttpMessageContext context) {
            return AuthenticationStatus.SUCCESS;
        }
    }

    /**
     * Whether the interceptor refused {@code request} (tokenless, at a guarded path) without calling the
     * mechanism; else the call went on to it.
     */
    @SuppressWarnings("unchecked")
    private static boolean refused(HttpServletRequest request) throws Exception {
        PlaytchaLoginInterceptor interceptor = new PlaytchaLoginInterceptor();
        interceptor.settings = instance(Instance.class, () -> PlaytchaSettings.builder("sk_test_shape").build());
        interceptor.verifiers = instance(Instance.class, () -> verifier);
        interceptor.loginFailures = instance(Instance.class, () -> null); // login.require=always: no counts
        int[] status = {0};
        HttpServletResponse response = proxy(HttpServletResponse.class, (call, args) -> {
            if (call.equals("sendError") || call.equals("setStatus")) {
                status[0] = (Integer) args[0];
            }
            return call.equals("isCommitted") ? Boolean.FALSE : null;
        });
        HttpMessageContext context = proxy(HttpMessageContext.class, (call, args) -> call.equals("isAuthenticationRequest") ? false : null);
        boolean[] proceeded = {false};
        Object[] arguments = {request, response, context};
        InvocationContext invocation = proxy(InvocationContext.class, (call, args) -> switch (call) {
            case "getMethod" -> EveryPath.class.getMethod("validateRequest", HttpServletRequest.class,
                    HttpServletResponse.class, HttpMessageContext.class);
            case "getParameters" -> arguments;
            case "getTarget" -> new EveryPath();
            case "proceed" -> {
                proceeded[0] = true;
                yield AuthenticationStatus.SUCCESS;
            }
            default -> null;
        });

        Object answer = interceptor.guard(invocation);

        assertEquals(!proceeded[0], answer == AuthenticationStatus.SEND_CONTINUE);
        assertEquals(proceeded[0] ? 0 : 403, status[0]);
        return !proceeded[0];
    }

    /** An {@code Instance} whose {@code get()} answers {@code value}. */
    private static <T> T instance(Class<T> type, Supplier<?> value) {
        return proxy(type, (call, args) -> call.equals("get") ? value.get() : call.equals("isResolvable") ? Boolean.TRUE : null);
    }

    @FunctionalInterface
    private interface Answer {
        Object of(String call, Object[] args) throws Exception;
    }

    private static <T> T proxy(Class<T> type, Answer answer) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (self, call, args) -> answer.of(call.getName(), args)));
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

    /** A request at {@code /login} with only what the reading looks at: no query, no token, an unknown length. */
    private static HttpServletRequest request(String protocol, String method, Map<String, String> headers) {
        Map<String, Object> attributes = new HashMap<>();
        return proxy(HttpServletRequest.class, (call, args) -> switch (call) {
            case "getProtocol" -> protocol;
            case "getMethod" -> method;
            case "getHeader" -> headers.get((String) args[0]);
            case "getContentLengthLong" -> -1L;
            case "getContentLength" -> -1;
            case "getRequestURI", "getServletPath" -> "/login";
            case "getContextPath" -> "";
            case "getRemoteAddr" -> "192.0.2.7";
            case "getAttribute" -> attributes.get((String) args[0]);
            case "setAttribute" -> attributes.put((String) args[0], args[1]);
            case "removeAttribute" -> attributes.remove((String) args[0]);
            default -> null;
        });
    }
}
