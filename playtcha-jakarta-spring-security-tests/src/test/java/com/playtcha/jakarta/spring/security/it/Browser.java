package com.playtcha.jakarta.spring.security.it;

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

/** A client of the test application: a browser's cookies, no redirects followed, answers as they come. */
final class Browser {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final URI base;
    private final HttpClient http;

    Browser(int port) {
        this.base = URI.create("http://127.0.0.1:" + port);
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(WAIT).build();
    }

    /** {@code formLogin()}'s post: the fields of the form, the token as the widget puts it in the form ({@code null}: none). */
    HttpResponse<String> formLogin(String path, String username, String password, String token) throws IOException, InterruptedException {
        String form = "username=" + encoded(username) + "&password=" + encoded(password)
                + (token == null ? "" : "&playtcha-token=" + encoded(token));
        return post(path, "application/x-www-form-urlencoded", form, "text/html", null);
    }

    /** A JSON login, the token in the header ({@code null}: none). */
    HttpResponse<String> jsonLogin(String username, String password, String token) throws IOException, InterruptedException {
        return post("/api/login", "application/json", "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}",
                "application/json", token);
    }

    HttpResponse<String> post(String path, String type, String body, String accept, String token) throws IOException, InterruptedException {
        HttpRequest.Builder post = HttpRequest.newBuilder(base.resolve(path)).timeout(WAIT).header("Content-Type", type)
                .header("Accept", accept).POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            post.header("Playtcha-Token", token);
        }
        return http.send(post.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A request with HTTP Basic credentials, the token in the header ({@code null}: none). */
    HttpResponse<String> basic(String username, String password, String token) throws IOException, InterruptedException {
        HttpRequest.Builder get = HttpRequest.newBuilder(base.resolve("/whoami")).timeout(WAIT).header("Authorization", "Basic "
                + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8))).GET();
        if (token != null) {
            get.header("Playtcha-Token", token);
        }
        return http.send(get.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(WAIT).header("Accept", "text/html").GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String encoded(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
