package com.playtcha.jakarta.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** The test's browser: plain JDK HTTP against the deployed application. */
public final class Http {

    public static final String HTML = "text/html,application/xhtml+xml,*/*;q=0.8";
    public static final String JSON = "application/json";

    // HTTP/1.1 alone: the default (HTTP/2) asks each new connection for an h2c upgrade in a Connection header of its own,
    // which next to Connection: close (below) a server refuses with 400.
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private Http() {
    }

    /** POSTs a urlencoded form; {@code token} null sends none. */
    public static Reply post(URL base, String path, String accept, String token) throws IOException, InterruptedException {
        StringBuilder form = new StringBuilder("name=Ada");
        if (token != null) {
            form.append("&playtcha-token=").append(URLEncoder.encode(token, StandardCharsets.UTF_8));
        }
        return send(HttpRequest.newBuilder(resolve(base, path)).header("Accept", accept)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString())));
    }

    /**
     * POSTs the form of {@link #post} from the loopback address {@code source} (127.0.0.2, ...), so that
     * the application sees another client: the JDK 17 client cannot choose its source address, so this
     * writes HTTP/1.1 on a socket bound to it, one request per connection.
     */
    public static Reply postFrom(InetAddress source, URL base, String path, String accept, String token)
            throws IOException {
        URI target = resolve(base, path);
        String form = "name=Ada&playtcha-token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
        String head = "POST " + target.getRawPath() + " HTTP/1.1\r\nHost: " + target.getHost() + ":" + target.getPort()
                + "\r\nAccept: " + accept + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: "
                + form.length() + "\r\nConnection: close\r\n\r\n";
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(source, 0));
            socket.connect(new InetSocketAddress(target.getHost(), target.getPort()), 5_000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write((head + form).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String reply = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(reply.substring(reply.indexOf(' ') + 1, reply.indexOf(' ') + 4));
            return new Reply(status, "", null, reply.substring(reply.indexOf("\r\n\r\n") + 4));
        }
    }

    /** Sends {@code body} as {@code contentType}, with extra headers (name, value, ...). */
    public static Reply send(URL base, String method, String path, String contentType, String body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(resolve(base, path)).header("Content-Type", contentType)
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request);
    }

    public static Reply get(URL base, String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(resolve(base, path)).GET());
    }

    private static URI resolve(URL base, String path) {
        String root = base.toString().endsWith("/") ? base.toString() : base + "/";
        return URI.create(root + (path.startsWith("/") ? path.substring(1) : path));
    }

    /**
     * Each request on a connection of its own ({@code Connection: close}; the failsafe JVM allows the header through
     * {@code jdk.httpclient.allowRestrictedHeaders}, both IT poms). A server closes a connection after some answers
     * (a refused POST whose body it never read), and a pooled one the client takes before it has seen that close
     * fails the next request with "header parser received no bytes" (JettyMicroProfileConfigIT once, at 0.015 s).
     */
    private static Reply send(HttpRequest.Builder request) throws IOException, InterruptedException {
        request.header("Connection", "close");
        HttpResponse<String> response = CLIENT.send(request.timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                response.headers().firstValue("Retry-After").orElse(null), response.body());
    }

    /** The {@code key=value} lines of a test page's answer (the echo servlet's, the login pages'), in order. */
    public static Map<String, String> lines(String body) {
        Map<String, String> seen = new LinkedHashMap<>();
        for (String line : body.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                seen.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return seen;
    }

    /** One answer. */
    public record Reply(int status, String contentType, String retryAfter, String body) {

        /** The echo servlet's {@code key=value} lines. */
        public Map<String, String> echo() {
            return lines(body);
        }

        public String outcome() {
            return echo().get("com.playtcha.outcome");
        }

        @Override
        public String toString() {
            return status + " " + contentType + "\n" + body;
        }
    }
}
