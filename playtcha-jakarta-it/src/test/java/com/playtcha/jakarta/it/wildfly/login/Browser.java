package com.playtcha.jakarta.it.wildfly.login;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.StringJoiner;

/**
 * A browser for the login scenarios: keeps its cookies (the session a login opens), follows no
 * redirect (the test reads where a login sends it), sends what a browser accepts unless told JSON.
 */
public final class Browser {

    public static final String HTML = "text/html,application/xhtml+xml,*/*;q=0.8";
    public static final String JSON = "application/json";

    private final HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    private final URL app;

    /** A browser on the application at {@code app} (its context root). */
    public Browser(URL app) {
        this.app = app;
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).header("Accept", HTML).GET());
    }

    /** POSTs an urlencoded form of name, value pairs (a {@code null} value leaves the pair out), accepting {@code accept}. */
    public HttpResponse<String> post(String path, String accept, String... pairs) throws IOException, InterruptedException {
        StringJoiner form = new StringJoiner("&");
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                form.add(URLEncoder.encode(pairs[i], StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
            }
        }
        return send(HttpRequest.newBuilder(uri(path)).header("Accept", accept)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString())));
    }

    /** {@code path} in the application, as written (escapes stay escapes). */
    public URI uri(String path) {
        String root = app.toString().endsWith("/") ? app.toString() : app + "/";
        return URI.create(root + (path.startsWith("/") ? path.substring(1) : path));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
