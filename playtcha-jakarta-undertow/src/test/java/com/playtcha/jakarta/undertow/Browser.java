package com.playtcha.jakarta.undertow;

import com.playtcha.jakarta.core.TestSettings;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.StringJoiner;

/** A browser for the login tests: keeps its cookies (the session), follows no redirect. */
final class Browser {

    private final HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(TestSettings.SLACK).build();

    HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri).GET());
    }

    /** An urlencoded form of name, value pairs; a {@code null} value leaves the pair out. */
    HttpResponse<String> post(URI uri, String... pairs) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
                .POST(HttpRequest.BodyPublishers.ofString(form(pairs))));
    }

    /** {@link #post}, from a script that asks for JSON. */
    HttpResponse<String> postJson(URI uri, String... pairs) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.ofString(form(pairs))));
    }

    /** A POST of {@code body} as it is, of type {@code contentType}. */
    HttpResponse<String> postRaw(URI uri, String contentType, byte[] body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** A request with an urlencoded {@code form} as written ({@code null}: no body) and {@code headers} (name, value, ...). */
    HttpResponse<String> request(String method, URI uri, String form, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .method(method, form == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(form));
        if (form != null) {
            request.header("Content-Type", "application/x-www-form-urlencoded");
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request);
    }

    HttpResponse<String> send(String method, URI uri, String... pairs) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri).header("Content-Type", "application/x-www-form-urlencoded")
                .method(method, HttpRequest.BodyPublishers.ofString(form(pairs))));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.timeout(TestSettings.WAIT).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String form(String... pairs) {
        StringJoiner form = new StringJoiner("&");
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                form.add(URLEncoder.encode(pairs[i], StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
            }
        }
        return form.toString();
    }
}
