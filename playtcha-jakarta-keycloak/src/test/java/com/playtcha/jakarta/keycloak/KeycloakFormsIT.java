package com.playtcha.jakarta.keycloak;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.testing.Fault;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Keycloak's registration and forgot-password forms under a token every time, on the run's one Keycloak
 * ({@link SharedKeycloak}) and its realm {@code forms} (src/test/resources/import/forms-realm.json): the registration
 * form flow ends with {@code playtcha-registration-action}, the reset credentials flow starts with
 * {@code playtcha-forgot-password-form}, and the realm's e-mail goes to a loopback port nothing listens on, so
 * an attempt to send one is seen as Keycloak's {@code SEND_RESET_PASSWORD_ERROR} event. No option sets
 * {@code fail-closed}: these forms fail closed.
 */
@ExtendWith(SharedKeycloak.class)
class KeycloakFormsIT {

    private static final String REALM = "forms";
    private static final String[] RESET_EVENTS = {"RESET_PASSWORD", "RESET_PASSWORD_ERROR", "SEND_RESET_PASSWORD",
        "SEND_RESET_PASSWORD_ERROR"};

    private static PlaytchaSimulator playtcha;
    private static KeycloakAdmin admin;
    private static URI keycloak;

    @BeforeAll
    static void start(SharedKeycloak.Running running) {
        playtcha = running.playtcha();
        admin = running.admin();
        keycloak = running.keycloak().url();
    }

    /**
     * Without a token, no registration creates a user, and the page says only that a check is needed: not that the name
     * and e-mail of an existing user are taken (Keycloak would, its own check being run too); Playtcha is not asked.
     */
    @Test
    void registration_withoutAToken_createsNoUser_andSaysNothingOfTheRealmsUsers() throws Exception {
        Visitor visitor = new Visitor("198.51.100.21");
        Browser.Page form = visitor.openRegistration();
        assertAll(() -> assertEquals(200, form.status()), () -> assertTrue(form.showsWidget(), "the registration form shows the widget"));
        int calls = playtcha.callCount();

        Browser.Page taken = visitor.post(registration("alice", null));
        assertRefusedForAToken(taken);
        assertFalse(taken.body().contains("already exists"), "nothing says alice exists: " + taken.body());
        Browser.Page fresh = visitor.post(registration("frank", null));
        assertRefusedForAToken(fresh);
        assertEquals(messageOf(taken), messageOf(fresh), "an existing user's name and a new one, answered alike");
        assertFalse(admin.hasUser(REALM, "frank"), "no user created");
        assertEquals(calls, playtcha.callCount(), "no token, nothing to verify");
    }

    /**
     * A token registers once: the user is created and logged in; the same token again registers nobody. With a valid
     * token the form is Keycloak's as before: a name already taken is said so.
     */
    @Test
    void registration_withAToken_createsTheUser_andItsReplayIsRefused() throws Exception {
        Visitor first = new Visitor("198.51.100.22");
        first.openRegistration();
        Browser.Page taken = first.post(registration("alice", playtcha.mintToken()));
        assertAll(() -> assertEquals(200, taken.status()), () -> assertTrue(taken.body().contains("already exists"), taken.body()),
                () -> assertTrue(taken.showsWidget(), "the form again, with a fresh widget"));

        String token = playtcha.mintToken();
        Browser.Page in = first.post(registration("grace", token));
        assertTrue(in.loggedIn(), "a token registers and logs in: " + in);
        assertTrue(admin.hasUser(REALM, "grace"), "the user is created");

        Visitor second = new Visitor("198.51.100.22");
        second.openRegistration();
        Browser.Page replay = second.post(registration("heidi", token));
        assertAll(() -> assertEquals(403, replay.status()), () -> assertTrue(replay.showsWidget()),
                () -> assertTrue(replay.body().contains("The human check did not pass"), replay.body()));
        assertFalse(admin.hasUser(REALM, "heidi"), "a spent token registers nobody");
    }

    /** Playtcha down for the token: the registration is refused (503, try later), nobody is created: these forms fail closed. */
    @Test
    void registration_playtchaDown_failsClosed() throws Exception {
        String token = playtcha.mintToken();
        playtcha.injectFor(token, Fault.serverError(503, "unavailable"));
        Visitor visitor = new Visitor("198.51.100.23");
        visitor.openRegistration();
        Browser.Page down = visitor.post(registration("ivan", token));
        assertAll(() -> assertEquals(503, down.status()), () -> assertTrue(down.showsWidget()),
                () -> assertTrue(down.body().contains("cannot be done right now"), down.body()));
        assertFalse(admin.hasUser(REALM, "ivan"), "no verdict, no user");
    }

    /**
     * Without a token the forgot-password form sends nothing: the form again, saying a check is needed, alike for a user's
     * e-mail and for a name nobody has, and Keycloak writes no event (no lookup, no e-mail attempted).
     */
    @Test
    void forgotPassword_withoutAToken_sendsNothing() throws Exception {
        Visitor visitor = new Visitor("198.51.100.24");
        Browser.Page form = visitor.openForgotPassword();
        assertAll(() -> assertEquals(200, form.status()), () -> assertTrue(form.showsWidget(), "the forgot-password form shows the widget"));
        int events = admin.events(REALM, RESET_EVENTS);

        Browser.Page known = visitor.post(Map.of("username", "alice@example.com"));
        assertRefusedForAToken(known);
        Browser.Page unknown = visitor.post(Map.of("username", "nobody@example.com"));
        assertRefusedForAToken(unknown);
        assertEquals(messageOf(known), messageOf(unknown), "a user's e-mail and an unknown one, answered alike");
        assertEquals(events, admin.events(REALM, RESET_EVENTS), "no lookup, no e-mail: Keycloak wrote no event");
    }

    /**
     * With a token the form goes on to Keycloak's step, which tries to send alice the e-mail (its event says so); for a
     * name nobody has, Keycloak's answer is the same page, and nothing is sent.
     */
    @Test
    void forgotPassword_withAToken_goesOn() throws Exception {
        Visitor visitor = new Visitor("198.51.100.25");
        visitor.openForgotPassword();
        int sent = admin.events(REALM, "SEND_RESET_PASSWORD", "SEND_RESET_PASSWORD_ERROR");
        Browser.Page next = visitor.post(Map.of("username", "alice", "playtcha-token", playtcha.mintToken()));
        assertAll(() -> assertEquals(200, next.status(), "Keycloak's answer: " + next),
                () -> assertTrue(next.body().contains("You should receive an email"), next.body()));
        assertEquals(sent + 1, admin.events(REALM, "SEND_RESET_PASSWORD", "SEND_RESET_PASSWORD_ERROR"),
                "Keycloak tried to send the e-mail: " + next.body());

        Visitor other = new Visitor("198.51.100.28");
        other.openForgotPassword();
        Browser.Page nobody = other.post(Map.of("username", "nobody@example.com", "playtcha-token", playtcha.mintToken()));
        assertAll(() -> assertEquals(200, nobody.status()), () -> assertTrue(nobody.body().contains("You should receive an email"),
                "the same answer for a name nobody has: " + nobody.body()));
        assertEquals(sent + 1, admin.events(REALM, "SEND_RESET_PASSWORD", "SEND_RESET_PASSWORD_ERROR"), "nothing sent to nobody");
    }

    /**
     * What a browser would not send gets the form again, never a 500: a token field sent twice (no token) and a token over
     * 8 KiB, on both forms; nothing is verified, nobody created, nothing sent.
     */
    @Test
    void badInput_getsTheFormAgain_neverA500() throws Exception {
        String token = playtcha.mintToken();
        String oversized = "a".repeat(9_000);
        int calls = playtcha.callCount();
        int events = admin.events(REALM, RESET_EVENTS);

        Visitor registering = new Visitor("198.51.100.26");
        registering.openRegistration();
        assertRefusedForAToken(registering.post(form(registration("judy", null)) + "&playtcha-token=" + token + "&playtcha-token=" + token));
        Browser.Page tooLong = registering.post(registration("judy", oversized));
        assertAll(() -> assertEquals(403, tooLong.status()), () -> assertTrue(tooLong.showsWidget()),
                () -> assertTrue(tooLong.body().contains("The human check did not pass"), tooLong.body()));
        assertFalse(admin.hasUser(REALM, "judy"));

        Visitor resetting = new Visitor("198.51.100.27");
        resetting.openForgotPassword();
        assertRefusedForAToken(resetting.post("username=alice&playtcha-token=" + token + "&playtcha-token=" + token));
        Browser.Page resetTooLong = resetting.post(Map.of("username", "alice", "playtcha-token", oversized));
        assertAll(() -> assertEquals(403, resetTooLong.status()), () -> assertTrue(resetTooLong.showsWidget()));
        assertEquals(calls, playtcha.callCount(), "nothing verified: no token, or one over the limit");
        assertEquals(events, admin.events(REALM, RESET_EVENTS), "nothing sent");
    }

    private static Map<String, String> registration(String username, String token) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("username", username);
        fields.put("email", username + "@example.com");
        fields.put("firstName", username);
        fields.put("lastName", "Example");
        fields.put("password", "right-" + username + "-1");
        fields.put("password-confirm", "right-" + username + "-1");
        if (token != null) {
            fields.put("playtcha-token", token);
        }
        return fields;
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    private static void assertRefusedForAToken(Browser.Page page) {
        assertAll(() -> assertEquals(403, page.status(), "refused: " + page), () -> assertTrue(page.showsWidget(), "with the widget"),
                () -> assertTrue(page.body().contains("Please confirm you are human below, then send the form again"), page.body()));
    }

    /** The page's alert: what it says to the user. */
    private static String messageOf(Browser.Page page) {
        String body = page.body();
        int at = body.indexOf("Please confirm you are human below");
        return at < 0 ? body : body.substring(at, body.indexOf('<', at));
    }

    /**
     * A browser on the realm's forms, over real HTTP, from {@code client} ({@code X-Forwarded-For}): it opens a form, then
     * posts to the action the last page's form names, with the session's cookies.
     */
    private static final class Visitor {

        private static final Pattern ACTION = Pattern.compile("<form id=\"kc-(?:register|reset-password)-form\"[^>]*\\saction=\"([^\"]+)\"");
        private static final Pattern RESET_LINK = Pattern.compile("href=\"([^\"]*/login-actions/reset-credentials[^\"]*)\"");

        private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .cookieHandler(new Browser.Cookies()).connectTimeout(Duration.ofSeconds(30)).build();
        private final String client;
        private String action;

        Visitor(String client) {
            this.client = client;
        }

        Browser.Page openRegistration() throws IOException, InterruptedException {
            return get(keycloak.resolve("/realms/" + REALM + "/protocol/openid-connect/registrations?" + authorization()));
        }

        /** The login page, then its "Forgot password?" link, as a browser follows it. */
        Browser.Page openForgotPassword() throws IOException, InterruptedException {
            Browser.Page login = get(keycloak.resolve("/realms/" + REALM + "/protocol/openid-connect/auth?" + authorization()));
            Matcher link = RESET_LINK.matcher(login.body());
            assertTrue(link.find(), "the login page links to the forgot-password form: " + login.body());
            return get(keycloak.resolve(link.group(1).replace("&amp;", "&")));
        }

        Browser.Page post(Map<String, String> fields) throws IOException, InterruptedException {
            return post(form(fields));
        }

        Browser.Page post(String body) throws IOException, InterruptedException {
            assertNotNull(action, "a form to post");
            HttpRequest post = request(URI.create(action)).header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Accept", "text/html").POST(HttpRequest.BodyPublishers.ofString(body)).build();
            return page(http.send(post, HttpResponse.BodyHandlers.ofString()));
        }

        private Browser.Page get(URI uri) throws IOException, InterruptedException {
            return page(http.send(request(uri).GET().build(), HttpResponse.BodyHandlers.ofString()));
        }

        private HttpRequest.Builder request(URI uri) {
            return HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(2)).header("X-Forwarded-For", client);
        }

        private Browser.Page page(HttpResponse<String> response) {
            Matcher form = ACTION.matcher(response.body());
            action = form.find() ? form.group(1).replace("&amp;", "&") : null;
            return new Browser.Page(response);
        }

        private static String authorization() {
            return "client_id=app&response_type=code&scope=openid&redirect_uri=" + URLEncoder.encode(Browser.CALLBACK, StandardCharsets.UTF_8);
        }
    }
}
