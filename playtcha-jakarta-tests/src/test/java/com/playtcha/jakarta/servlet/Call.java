package com.playtcha.jakarta.servlet;

import com.playtcha.jakarta.core.TestSettings;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One HTTP request to the server under test, built fluently and sent with the JDK client.
 *
 * <pre>{@code
 * Reply reply = jetty.post("/signup").acceptJson().form("playtcha-token", token, "name", "Ada").send();
 * }</pre>
 */
final class Call {

    /** What a browser sends: HTML first, anything else last. */
    static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    private final HttpClient client;
    private final URI uri;
    private final String method;
    private final List<String[]> headers = new ArrayList<>();
    private byte[] body;

    Call(HttpClient client, URI uri, String method) {
        this.client = client;
        this.uri = uri;
        this.method = method;
    }

    Call header(String name, String value) {
        headers.add(new String[] {name, value});
        return this;
    }

    /** {@code Playtcha-Token}, the filter's default token header. */
    Call token(String token) {
        return header("Playtcha-Token", token);
    }

    Call acceptJson() {
        return header("Accept", "application/json");
    }

    Call acceptHtml() {
        return header("Accept", BROWSER_ACCEPT);
    }

    /** An urlencoded form of name, value pairs; a {@code null} value leaves the pair out. */
    Call form(String... pairs) {
        StringBuilder form = new StringBuilder();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            if (pairs[i + 1] == null) {
                continue;
            }
            if (form.length() > 0) {
                form.append('&');
            }
            form.append(URLEncoder.encode(pairs[i], StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return rawForm(form.toString());
    }

    /** An urlencoded body exactly as given (for hostile encodings). */
    Call rawForm(String encoded) {
        return body("application/x-www-form-urlencoded", encoded.getBytes(StandardCharsets.US_ASCII));
    }

    Call multipart(Multipart multipart) {
        return body(multipart.contentType(), multipart.bytes());
    }

    Call body(String contentType, byte[] bytes) {
        header("Content-Type", contentType);
        body = bytes;
        return this;
    }

    Reply send() throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TestSettings.WAIT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        for (String[] header : headers) {
            request.header(header[0], header[1]);
        }
        HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Reply(response.statusCode(), response.headers().map(), response.body());
    }
}
