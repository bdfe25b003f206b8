package com.playtcha.jakarta.spring.security.reactive;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.function.UnaryOperator;

/**
 * A client of the test applications: a browser's cookies, no redirects followed, answers as they come. Each request on
 * a connection of its own: Spring's in-memory session store makes a session on a Reactor {@code parallel} thread, so the
 * response that starts one is written off its connection's event loop, and Reactor Netty before 1.3.8 can then stop
 * reading that keep-alive connection after the next request (reactor-netty issue 4361): the login after a first page
 * hung here until the client gave up, three times in thirty at load 12. That is the server's, not the guard's (the
 * guard's own answers go on on the connection's loop, WebFilterTest in the WebFlux tests); these tests are about logins.
 */
final class Client {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final URI base;
    private final CookieManager cookies = new CookieManager();

    Client(int port) {
        this.base = URI.create("http://127.0.0.1:" + port);
    }

    /** A form login's post to {@code path}, the token in the form ({@code null}: none). */
    HttpResponse<String> formLogin(String path, String user, String password, String token) throws Exception {
        String form = "username=" + encoded(user) + "&password=" + encoded(password)
                + (token == null ? "" : "&playtcha-token=" + encoded(token));
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)), null);
    }

    /** A JSON post of {@code json} to {@code path}, the token in the header ({@code null}: none). */
    HttpResponse<String> json(String path, String json, String token) throws Exception {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)), token);
    }

    /** {@code {"username": user, "password": password}} to {@code path}. */
    HttpResponse<String> login(String path, String user, String password, String token) throws Exception {
        return json(path, "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}", token);
    }

    /** A GET of {@code path} with HTTP Basic credentials, the token in the header ({@code null}: none). */
    HttpResponse<String> basic(String path, String user, String password, String token) throws Exception {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Basic "
                + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8))).GET(), token);
    }

    /** A GET of {@code path} as a browser asks for a page ({@code Accept: text/html}). */
    HttpResponse<String> page(String path) throws Exception {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Accept", "text/html").GET(), null);
    }

    HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET(), null);
    }

    /** {@code request} to {@code path}, made by the caller as no other method here makes one, with no token. */
    HttpResponse<String> send(String path, UnaryOperator<HttpRequest.Builder> request) throws Exception {
        return send(request.apply(HttpRequest.newBuilder(base.resolve(path))), null);
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String token) throws IOException, InterruptedException {
        if (token != null) {
            request.header("Playtcha-Token", token);
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(WAIT).build();
        return http.send(request.timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    private static String encoded(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
