package com.playtcha.jakarta.spring.testkit;

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
import java.util.function.UnaryOperator;

/**
 * A browser on a test application on loopback: its cookies (one session), no redirect followed, each answer as it
 * comes. The token goes where the widget puts it: in a form login's fields, else in the {@code Playtcha-Token} header;
 * {@code null} sends none.
 *
 * <pre>{@code
 * Browser browser = new Browser(port);
 * HttpResponse<String> login = browser.formLogin("/login", "alice", "secret", PLAYTCHA.mintToken());
 * assertEquals("caller=alice", browser.get("/whoami").body());
 * }</pre>
 *
 * <p>{@link #connectionPerRequest} opens a connection for each request: Spring's in-memory session store on WebFlux
 * makes a session on a Reactor {@code parallel} thread, so the response that starts one is written off its connection's
 * event loop, and Reactor Netty before 1.3.8 can then stop reading that keep-alive connection after the next request
 * (reactor-netty issue 4361): a login after a first page hung until the client gave up, three times in thirty at load
 * 12. That is the server's, not the guard's; the reactive login tests are about logins.
 */
public final class Browser {

    /** What a loaded machine needs at most for one answer; the tests never wait for it to pass. */
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final URI base;
    private final CookieManager cookies = new CookieManager();
    private final HttpClient kept;

    /** A browser that keeps its connection alive between requests. */
    public Browser(int port) {
        this(port, true);
    }

    private Browser(int port, boolean keepAlive) {
        this.base = URI.create("http://127.0.0.1:" + port);
        this.kept = keepAlive ? newClient() : null;
    }

    /** A browser that opens a connection for each request (see above). */
    public static Browser connectionPerRequest(int port) {
        return new Browser(port, false);
    }

    /** {@code formLogin()}'s post to {@code path}: the form's fields, as a page's form posts them. */
    public HttpResponse<String> formLogin(String path, String user, String password, String token) throws IOException, InterruptedException {
        return formLogin(path, user, password, token, false);
    }

    /** {@code formLogin()}'s post to {@code path}, remember-me asked for or not. */
    public HttpResponse<String> formLogin(String path, String user, String password, String token, boolean rememberMe)
            throws IOException, InterruptedException {
        String form = "username=" + encoded(user) + "&password=" + encoded(password) + (rememberMe ? "&remember-me=on" : "")
                + (token == null ? "" : "&playtcha-token=" + encoded(token));
        return post(path, "application/x-www-form-urlencoded", form, "text/html", null);
    }

    /** An urlencoded post of {@code form} (already encoded) to {@code path}, the token in the header. */
    public HttpResponse<String> form(String path, String form, String token) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)), token);
    }

    /** A JSON post of {@code json} to {@code path}, accepting JSON, the token in the header. */
    public HttpResponse<String> json(String path, String json, String token) throws IOException, InterruptedException {
        return post(path, "application/json", json, "application/json", token);
    }

    /** A JSON login: {@code {"username": user, "password": password}} to {@code path}. */
    public HttpResponse<String> login(String path, String user, String password, String token) throws IOException, InterruptedException {
        return json(path, "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}", token);
    }

    /** A post of {@code body} as {@code type}, accepting {@code accept}, the token in the header. */
    public HttpResponse<String> post(String path, String type, String body, String accept, String token)
            throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", type).header("Accept", accept)
                .POST(HttpRequest.BodyPublishers.ofString(body)), token);
    }

    /** A GET of {@code path} with HTTP Basic credentials, the token in the header. */
    public HttpResponse<String> basic(String path, String user, String password, String token) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Basic "
                + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8))).GET(), token);
    }

    /** A GET of {@code path} as a browser asks for a page ({@code Accept: text/html}). */
    public HttpResponse<String> page(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Accept", "text/html").GET(), null);
    }

    /** A GET of {@code path} with no {@code Accept}. */
    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET(), null);
    }

    /** {@code request} to {@code path}, made by the caller as no other method here makes one, with no token. */
    public HttpResponse<String> send(String path, UnaryOperator<HttpRequest.Builder> request) throws IOException, InterruptedException {
        return send(request.apply(HttpRequest.newBuilder(base.resolve(path))), null);
    }

    /** The cookie {@code name} this browser holds, or {@code null}. */
    public HttpCookie cookie(String name) {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name)).findFirst().orElse(null);
    }

    /** A new browser (a new session) on the same application, holding only {@code cookie}. */
    public Browser withOnly(HttpCookie cookie) {
        Browser fresh = new Browser(base.getPort(), kept != null);
        fresh.cookies.getCookieStore().add(base, cookie);
        return fresh;
    }

    /** The first value of the header {@code name}, or {@code null}. */
    public static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String token) throws IOException, InterruptedException {
        if (token != null) {
            request.header("Playtcha-Token", token);
        }
        HttpClient http = kept != null ? kept : newClient();
        return http.send(request.timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpClient newClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(WAIT).build();
    }

    private static String encoded(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
