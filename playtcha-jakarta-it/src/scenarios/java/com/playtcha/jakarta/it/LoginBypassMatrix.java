package com.playtcha.jakarta.it;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The requests of a login-bypass matrix: each method x each form of the login path x each place the
 * credentials go, sent with no token, a junk one or a valid one, and what must never be seen in an
 * answer. The token goes where a client would put it next to those credentials: in the query, in
 * the urlencoded body, else (multipart, text/plain) in the {@code Playtcha-Token} header.
 */
public final class LoginBypassMatrix {

    public static final List<String> METHODS = List.of("GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH");

    /** A stack frame ({@code at com.x.Y.method(Y.java:1)}) in a page: the runtime showed an exception. */
    private static final Pattern STACK_FRAME = Pattern.compile("(?m)^\\s*at [\\w$.]+\\([\\w$.]*(?::\\d+)?\\)");
    private static final String BOUNDARY = "m4trixB0undary";
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    private LoginBypassMatrix() {
    }

    /** Where the credentials (and so the token) travel. */
    public enum Carrier {
        QUERY, URLENCODED, MULTIPART, TEXT_PLAIN
    }

    /** One request of the matrix; {@code path} is context-relative and sent as it is spelt. */
    public record Cell(String method, String path, Carrier carrier) {
        @Override
        public String toString() {
            return method + " " + path + " " + carrier;
        }
    }

    /** Every method x path x carrier. */
    public static List<Cell> cells(List<String> paths) {
        List<Cell> cells = new ArrayList<>();
        for (String method : METHODS) {
            for (String path : paths) {
                for (Carrier carrier : Carrier.values()) {
                    cells.add(new Cell(method, path, carrier));
                }
            }
        }
        return cells;
    }

    /** Sends {@code cell} with {@code username} and {@code password}, and {@code token} ({@code null}: none). */
    public static HttpResponse<String> send(URL base, Cell cell, String username, String password, String token)
            throws IOException, InterruptedException {
        String form = "username=" + username + "&password=" + password
                + (token == null ? "" : "&playtcha-token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
        String root = base.toString().endsWith("/") ? base.toString() : base + "/";
        String target = root + cell.path().substring(1) + (cell.carrier() == Carrier.QUERY ? "?" + form : "");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target)).timeout(Duration.ofSeconds(30))
                .header("Accept", Http.JSON);
        String body = switch (cell.carrier()) {
            case QUERY -> null;
            case URLENCODED -> form;
            case MULTIPART -> multipart(username, password);
            case TEXT_PLAIN -> "username=" + username + "\r\npassword=" + password + "\r\n";
        };
        switch (cell.carrier()) {
            case URLENCODED -> request.header("Content-Type", "application/x-www-form-urlencoded");
            case MULTIPART -> request.header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY);
            case TEXT_PLAIN -> request.header("Content-Type", "text/plain;charset=UTF-8");
            default -> { }
        }
        if (token != null && (cell.carrier() == Carrier.MULTIPART || cell.carrier() == Carrier.TEXT_PLAIN)) {
            request.header("Playtcha-Token", token);
        }
        request.method(cell.method(), body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** What is wrong with any answer of the matrix: a 5xx, or a stack trace in the page. */
    public static List<String> badShape(Cell cell, HttpResponse<String> response) {
        List<String> wrong = new ArrayList<>();
        if (response.statusCode() >= 500) {
            wrong.add(cell + ": " + response.statusCode() + " " + abbreviated(response.body()));
        }
        if (STACK_FRAME.matcher(response.body()).find()) {
            wrong.add(cell + ": a stack trace in the page: " + abbreviated(response.body()));
        }
        return wrong;
    }

    private static String multipart(String username, String password) {
        return "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\n" + username + "\r\n"
                + "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\n" + password + "\r\n"
                + "--" + BOUNDARY + "--\r\n";
    }

    private static String abbreviated(String body) {
        return body.length() <= 300 ? body : body.substring(0, 300) + "...";
    }
}
