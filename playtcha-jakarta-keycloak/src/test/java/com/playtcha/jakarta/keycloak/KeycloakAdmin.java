package com.playtcha.jakarta.keycloak;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the tests ask Keycloak's admin REST API, as the bootstrap admin ({@link #USER}): a user's id, its count in Keycloak's
 * own brute-force detector, and the realm's login error events, which show whether Keycloak judged a password.
 */
final class KeycloakAdmin {

    static final String USER = "admin";
    static final String PASSWORD = "admin-password-for-tests";

    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern FAILURES = Pattern.compile("\"numFailures\"\\s*:\\s*(\\d+)");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
    private final URI keycloak;

    KeycloakAdmin(URI keycloak) {
        this.keycloak = keycloak;
    }

    /** The id of user {@code username} in {@code realm}. */
    String userId(String realm, String username) throws IOException, InterruptedException {
        return find(ID, get("/admin/realms/" + realm + "/users?exact=true&username=" + username));
    }

    /** How many failures Keycloak's brute-force detector counts for the user. */
    int bruteForceFailures(String realm, String username) throws IOException, InterruptedException {
        String status = get("/admin/realms/" + realm + "/attack-detection/brute-force/users/" + userId(realm, username));
        Matcher failures = FAILURES.matcher(status);
        return failures.find() ? Integer.parseInt(failures.group(1)) : 0;
    }

    /** The realm's {@code LOGIN_ERROR} events as Keycloak lists them (JSON), for the user. */
    String loginErrors(String realm, String username) throws IOException, InterruptedException {
        return get("/admin/realms/" + realm + "/events?type=LOGIN_ERROR&user=" + userId(realm, username));
    }

    /** How many of the user's passwords Keycloak judged wrong: its {@code LOGIN_ERROR} events {@code invalid_user_credentials}. */
    int wrongPasswords(String realm, String username) throws IOException, InterruptedException {
        Matcher judged = Pattern.compile("\"error\"\\s*:\\s*\"invalid_user_credentials\"").matcher(loginErrors(realm, username));
        int count = 0;
        while (judged.find()) {
            count++;
        }
        return count;
    }

    /** Whether {@code realm} has a user named {@code username}. */
    boolean hasUser(String realm, String username) throws IOException, InterruptedException {
        return ID.matcher(get("/admin/realms/" + realm + "/users?exact=true&username=" + username)).find();
    }

    /** How many events of {@code types} (Keycloak's event types, like {@code SEND_RESET_PASSWORD}) {@code realm} holds. */
    int events(String realm, String... types) throws IOException, InterruptedException {
        StringBuilder query = new StringBuilder("/admin/realms/" + realm + "/events?max=1000");
        for (String type : types) {
            query.append("&type=").append(type);
        }
        Matcher event = Pattern.compile("\"type\"\\s*:\\s*\"[A-Z_]+\"").matcher(get(query.toString()));
        int count = 0;
        while (event.find()) {
            count++;
        }
        return count;
    }

    private String get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(keycloak.resolve(path)).header("Authorization", "Bearer " + token())
                .timeout(Duration.ofMinutes(1)).GET().build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + ": " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    private String token() throws IOException, InterruptedException {
        String form = "grant_type=password&client_id=admin-cli&username=" + USER + "&password="
                + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(keycloak.resolve("/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").timeout(Duration.ofMinutes(1))
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        return find(ACCESS_TOKEN, http.send(request, HttpResponse.BodyHandlers.ofString()).body());
    }

    private static String find(Pattern pattern, String json) {
        Matcher matcher = pattern.matcher(json);
        if (!matcher.find()) {
            throw new IllegalStateException("not in Keycloak's answer (" + pattern + "): " + json);
        }
        return matcher.group(1);
    }
}
