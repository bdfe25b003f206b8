package com.playtcha.jakarta.keycloak;

import java.io.IOException;
import java.net.CookieHandler;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What a browser does with Keycloak's login form, over real HTTP: opens the client's authorization URL (Keycloak answers
 * the login page and sets its session cookies), then posts the form to the action URL the page names, with its cookies,
 * the way the form would. Every request says it comes from {@code client} ({@code X-Forwarded-For}, which the test
 * server reads: {@code --proxy-headers=xforwarded}), so each test counts on a client of its own.
 */
final class Browser {

    private static final Pattern ACTION = Pattern.compile("<form id=\"kc-form-login\"[^>]*\\saction=\"([^\"]+)\"");
    static final String CALLBACK = "http://127.0.0.1/callback";

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .cookieHandler(new Cookies()).connectTimeout(Duration.ofSeconds(30)).build();
    private final URI keycloak;
    private final String realm;
    private final String client;
    private String action;

    Browser(URI keycloak, String realm, String client) {
        this.keycloak = keycloak;
        this.realm = realm;
        this.client = client;
    }

    /** The login page, as a browser sent to log in at the client {@code app} gets it. */
    Page open() throws IOException, InterruptedException {
        URI auth = keycloak.resolve("/realms/" + realm + "/protocol/openid-connect/auth?client_id=app&response_type=code&scope=openid"
                + "&redirect_uri=" + URLEncoder.encode(CALLBACK, StandardCharsets.UTF_8));
        return page(http.send(request(auth).GET().build(), HttpResponse.BodyHandlers.ofString()));
    }

    /** The form posted with {@code username}, {@code password} and, unless {@code null}, the widget's {@code token}. */
    Page login(String username, String password, String token) throws IOException, InterruptedException {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("username", username);
        fields.put("password", password);
        fields.put("credentialId", "");
        if (token != null) {
            fields.put("playtcha-token", token);
        }
        return post(fields);
    }

    /** The form posted with these fields as they are. */
    Page post(Map<String, String> fields) throws IOException, InterruptedException {
        String body = fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return post(body, "text/html");
    }

    /** The form's action posted {@code body} (form-encoded, as written), asking for {@code accept}. */
    Page post(String body, String accept) throws IOException, InterruptedException {
        if (action == null) {
            throw new IllegalStateException("no login form to post: open() first, or the last answer had none");
        }
        HttpRequest post = request(URI.create(action)).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", accept).POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return page(http.send(post, HttpResponse.BodyHandlers.ofString()));
    }

    private HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(2)).header("X-Forwarded-For", client);
    }

    private Page page(HttpResponse<String> response) {
        Matcher form = ACTION.matcher(response.body());
        if (form.find()) {
            action = form.group(1).replace("&amp;", "&");
        }
        return new Page(response);
    }

    /**
     * The session's cookies, kept by name and all sent back: Keycloak marks its cookies {@code Secure} even over http, and
     * a browser sends them to a loopback address (a secure context) where the JDK's {@code CookieManager} would not.
     */
    static final class Cookies extends CookieHandler {
        private final Map<String, String> jar = new ConcurrentHashMap<>();

        @Override
        public Map<String, List<String>> get(URI uri, Map<String, List<String>> headers) {
            if (jar.isEmpty()) {
                return Map.of();
            }
            String cookies = jar.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; "));
            return Map.of("Cookie", List.of(cookies));
        }

        @Override
        public void put(URI uri, Map<String, List<String>> headers) {
            headers.forEach((name, values) -> {
                if ("Set-Cookie".equalsIgnoreCase(name)) {
                    values.forEach(this::set);
                }
            });
        }

        private void set(String header) {
            String pair = header.split(";", 2)[0];
            int equals = pair.indexOf('=');
            if (equals > 0) {
                String value = pair.substring(equals + 1);
                boolean expired = header.toLowerCase(java.util.Locale.ROOT).contains("max-age=0");
                if (value.isEmpty() || expired) {
                    jar.remove(pair.substring(0, equals).strip());
                } else {
                    jar.put(pair.substring(0, equals).strip(), value);
                }
            }
        }
    }

    /** One answer of Keycloak's. */
    record Page(HttpResponse<String> response) {

        int status() {
            return response.statusCode();
        }

        String body() {
            return response.body();
        }

        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        /** Whether the page shows the widget (the theme's element around the snippet). */
        boolean showsWidget() {
            return body().contains("id=\"playtcha-widget\"") && body().contains("class=\"playtcha-widget\"");
        }

        /** Whether Keycloak logged the user in: a redirect to the client's callback with a code. */
        boolean loggedIn() {
            String location = header("Location");
            return (status() == 302 || status() == 303) && location != null && location.startsWith(CALLBACK) && location.contains("code=");
        }

        /** Whether the page shows the login form. */
        boolean showsForm() {
            return ACTION.matcher(body()).find();
        }

        @Override
        public String toString() {
            return "Page[" + status() + ", Location=" + header("Location") + ", " + body().length() + " chars]";
        }
    }
}
