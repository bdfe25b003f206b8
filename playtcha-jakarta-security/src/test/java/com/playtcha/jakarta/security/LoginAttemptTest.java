package com.playtcha.jakarta.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.testing.PlaytchaSimulator;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a login attempt is, decided by what reaches the mechanism: at a path that names
 * {@code /api/login} in any form, a request that could carry credentials (a query string, a body,
 * an {@code Authorization} header) needs a token whatever its method; one that carries none passes.
 * Through Weld's interceptor and {@link SecurityRuntime}, as {@link PlaytchaLoginTest}.
 */
class LoginAttemptTest {

    static final String FORM = "application/x-www-form-urlencoded";

    @RegisterExtension
    static final GuardedMechanism APP = GuardedMechanism.serving(CountingMechanism.class)
            .settings("playtcha.fail-closed", "true",
                    "playtcha.breaker.enabled", "false",
                    "playtcha.client-budget.enabled", "false");

    private final PlaytchaSimulator sim = APP.sim();
    private CountingMechanism mechanism;

    @BeforeEach
    void findTheMechanism() {
        mechanism = APP.bean(CountingMechanism.class);
    }

    private HttpResponse<String> send(String method, String path, String contentType, String body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(APP.uri(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return APP.send(request);
    }

    private void assertRefusedUnseen(HttpResponse<String> response) {
        assertEquals(403, response.statusCode(), () -> response.request().method() + " " + response.request().uri()
                + ": " + response.body());
        assertEquals(0, mechanism.calls(), () -> "the mechanism was called: " + response.request().uri());
        assertEquals(0, sim.callCount(), "Playtcha was asked");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"GET", "HEAD", "OPTIONS", "PUT", "PATCH", "DELETE", "POST", "PROPFIND"})
    void credentialsInTheQuery_withoutToken_areRefused_whateverTheMethod(String method) throws Exception {
        HttpResponse<String> response = send(method, "/api/login?user=alice&password=secret", null, null);

        assertRefusedUnseen(response);
        if (method.equals("HEAD")) {
            assertEquals("", response.body(), "HEAD: the status without a body");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"GET", "OPTIONS", "PUT", "PATCH", "DELETE"})
    void aFormBody_withoutToken_isRefused_whateverTheMethod(String method) throws Exception {
        assertRefusedUnseen(send(method, "/api/login", FORM, "user=alice&password=secret"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"text/plain", "multipart/form-data; boundary=b", "application/json"})
    void anyOtherBody_withoutToken_isRefused(String contentType) throws Exception {
        assertRefusedUnseen(send("POST", "/api/login", contentType, "user=alice\r\npassword=secret\r\n"));
    }

    @Test
    void anAuthorizationHeader_withoutToken_isRefused() throws Exception {
        assertRefusedUnseen(send("GET", "/api/login", null, null, "Authorization", "Basic YWxpY2U6c2VjcmV0"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/api/login/", "/api/login//", "/api/login;jsessionid=x", "/api;x=1/login", "/api/%6Cogin",
            "/api/%256Cogin", "/api/./login", "/x/../api/login", "/api/login/.", "//api//login", "/API/LOGIN", "/Api/Login/"})
    void anyFormOfTheLoginPath_withoutToken_isRefused(String path) throws Exception {
        assertRefusedUnseen(send("POST", path, FORM, "user=alice&password=secret"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/api%2Flogin", "/api%2flogin/", "/x/%2e%2e/api/login", "/api\\login", "/x/..;/api/login"})
    void encodedSeparatorsAndDots_withoutToken_neverReachTheMechanism(String path) throws Exception {
        String reply = raw("POST /app" + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: " + FORM
                + "\r\nContent-Length: 10\r\nConnection: close\r\n\r\nuser=alice");

        int status = Integer.parseInt(reply.substring(9, 12));
        assertTrue(status >= 400 && status < 500, reply);
        assertEquals(0, mechanism.calls(), reply);
        assertEquals(0, sim.callCount());
    }

    @Test
    void aMalformedEscape_isA4xx_neverA500() throws Exception {
        String reply = raw("GET /app/api/%zzlogin?user=alice HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

        int status = Integer.parseInt(reply.substring(9, 12));
        assertTrue(status >= 400 && status < 500, reply);
        assertEquals(0, mechanism.calls(), reply);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {FORM + "; charset=x-unknown", FORM})
    void aBodyTheContainerCannotParse_isA4xx_neverA500(String contentType) throws Exception {
        HttpResponse<String> response = send("POST", "/api/login", contentType, "user=alice&password=%zz%");

        assertEquals(403, response.statusCode(), response::body);
        assertEquals(0, mechanism.calls());
        assertEquals(0, sim.callCount());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"GET", "HEAD", "OPTIONS"})
    void theLoginPath_withNothingThatCouldCarryCredentials_passes(String method) throws Exception {
        HttpResponse<String> response = send(method, "/api/login", null, null, "Origin", "https://example.com",
                "Access-Control-Request-Method", "POST");

        assertEquals(200, response.statusCode(), response::body);
        assertEquals(1, mechanism.calls());
        assertEquals(0, sim.callCount());
    }

    @Test
    void otherPaths_withCredentials_passUnverified() throws Exception {
        HttpResponse<String> response = send("GET", "/api/logins?user=alice", null, null);

        assertEquals("status=NOT_DONE caller=null outcome=null spent=null", response.body());
        assertEquals(1, mechanism.calls());
        assertEquals(0, sim.callCount());
    }

    @Test
    void aValidTokenInTheQuery_ofAGet_logsIn() throws Exception {
        String token = sim.mintToken();

        HttpResponse<String> response = send("GET", "/api/login?user=alice&playtcha-token=" + token, null, null);

        assertEquals("status=SUCCESS caller=alice outcome=verified spent=true", response.body());
        assertEquals(1, sim.callCount(token));
    }

    /** One request written as is (what {@code java.net.URI} would not let through), and the reply's head. */
    private String raw(String request) throws IOException {
        URI base = APP.uri("/");
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout((int) GuardedMechanism.WAIT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
