package com.playtcha.jakarta.spring.security.ways;

import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** A client of the test applications ({@link WaysInApplication}, ...): a browser's cookies, no redirects followed, answers as they come. */
public final class Client {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final URI base;
    private final CookieManager cookies = new CookieManager();
    private final HttpClient http;

    public Client(int port) {
        this.base = URI.create("http://127.0.0.1:" + port);
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(WAIT).build();
    }

    /** A form login's post to {@code path}, the token in the form ({@code null}: none), remember-me asked for or not. */
    public HttpResponse<String> formLogin(String path, String user, String password, String token, boolean rememberMe) throws Exception {
        String form = "username=" + encoded(user) + "&password=" + encoded(password) + (rememberMe ? "&remember-me=on" : "")
                + (token == null ? "" : "&playtcha-token=" + encoded(token));
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)), null);
    }

    /** An urlencoded post of {@code form} (already encoded) to {@code path}, the token in the header ({@code null}: none). */
    public HttpResponse<String> form(String path, String form, String token) throws Exception {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)), token);
    }

    /** A JSON post of {@code json} to {@code path}, the token in the header ({@code null}: none). */
    public HttpResponse<String> json(String path, String json, String token) throws Exception {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)), token);
    }

    /** {@code {"username": user, "password": password}} to {@code path}. */
    public HttpResponse<String> login(String path, String user, String password, String token) throws Exception {
        return json(path, "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}", token);
    }

    /** A GET of {@code path} with HTTP Basic credentials. */
    public HttpResponse<String> basic(String path, String user, String password, String token) throws Exception {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Basic "
                + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8))).GET(), token);
    }

    public HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET(), null);
    }

    /** The cookie {@code name} this client holds, or {@code null}. */
    public HttpCookie cookie(String name) {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name)).findFirst().orElse(null);
    }

    /** A new client (a new browser session) holding only {@code cookie}. */
    public Client withOnly(HttpCookie cookie, int port) {
        Client fresh = new Client(port);
        fresh.cookies.getCookieStore().add(base, cookie);
        return fresh;
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String token) throws IOException, InterruptedException {
        if (token != null) {
            request.header("Playtcha-Token", token);
        }
        return http.send(request.timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String encoded(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
