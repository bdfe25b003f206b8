package com.playtcha.jakarta.keycloak;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a client of the password grant sends: {@code grant_type=password} to a realm's token endpoint as the public client
 * {@code cli}, from {@code client} ({@code X-Forwarded-For}, which the test server reads), the token in the
 * {@code Playtcha-Token} header or a form parameter.
 */
final class PasswordGrant {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
    private final URI keycloak;
    private final String realm;
    private final String client;

    PasswordGrant(URI keycloak, String realm, String client) {
        this.keycloak = keycloak;
        this.realm = realm;
        this.client = client;
    }

    /** The grant of {@code username} and {@code password}, the token ({@code null}: none) in the header. */
    Answer withHeader(String username, String password, String token) throws IOException, InterruptedException {
        return post(fields(username, password), token == null ? Map.of() : Map.of("Playtcha-Token", token));
    }

    /** The grant of {@code username} and {@code password}, the token in the form parameter {@code playtcha-token}. */
    Answer withParameter(String username, String password, String token) throws IOException, InterruptedException {
        Map<String, String> fields = fields(username, password);
        fields.put("playtcha-token", token);
        return post(fields, Map.of());
    }

    /** The form {@code body} as written (form-encoded), with {@code headers}. */
    Answer post(String body, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(keycloak.resolve("/realms/" + realm + "/protocol/openid-connect/token"))
                .timeout(Duration.ofMinutes(2)).header("X-Forwarded-For", client)
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return new Answer(http.send(request.build(), HttpResponse.BodyHandlers.ofString()));
    }

    private Answer post(Map<String, String> fields, Map<String, String> headers) throws IOException, InterruptedException {
        return post(encode(fields), headers);
    }

    /** The grant's fields, as a client sends them. */
    static Map<String, String> fields(String username, String password) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("grant_type", "password");
        fields.put("client_id", "cli");
        fields.put("username", username);
        fields.put("password", password);
        return fields;
    }

    static String encode(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    /** The token endpoint's answer. */
    record Answer(HttpResponse<String> response) {

        int status() {
            return response.statusCode();
        }

        String body() {
            return response.body();
        }

        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        /** Whether it gave tokens: a login. */
        boolean loggedIn() {
            return status() == 200 && body().contains("\"access_token\"");
        }

        /** The OAuth error's member {@code name} (a string or a boolean), {@code null} when absent. */
        String member(String name) {
            java.util.regex.Matcher member = java.util.regex.Pattern.compile("\"" + name + "\"\\s*:\\s*(\"([^\"]*)\"|true|false)")
                    .matcher(body());
            return member.find() ? (member.group(2) != null ? member.group(2) : member.group(1)) : null;
        }

        @Override
        public String toString() {
            return "Answer[" + status() + ", " + body() + "]";
        }
    }
}
