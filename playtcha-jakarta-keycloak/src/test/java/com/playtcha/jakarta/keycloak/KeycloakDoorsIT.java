package com.playtcha.jakarta.keycloak;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.testing.Fault;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import jakarta.json.Json;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Keycloak's other doors under the policy, on the run's one Keycloak ({@link SharedKeycloak}): the password grant
 * ({@code playtcha-direct-grant}, the realms' direct grant flow) and the username page then the password page
 * ({@code auth-username-form}, then {@code playtcha-password-form}), in the realms {@code doors-always} and
 * {@code doors-after-failures} (src/test/resources/import), Keycloak's brute-force detection and login events on to show
 * what reaches its password check. Each test uses client addresses of its own (192.0.2.x).
 */
@ExtendWith(SharedKeycloak.class)
class KeycloakDoorsIT {

    private static final String ALWAYS = "doors-always";
    private static final String AFTER_FAILURES = "doors-after-failures";

    private static PlaytchaSimulator playtcha;
    private static KeycloakServer keycloak;
    private static KeycloakAdmin admin;

    @BeforeAll
    static void start(SharedKeycloak.Running running) {
        playtcha = running.playtcha();
        keycloak = running.keycloak();
        admin = running.admin();
    }

    /**
     * Ten tokenless grants, the wrong password and the right one in turn, and one for a user that does not exist: each is
     * the same OAuth error (400 {@code invalid_grant}, {@code missing_token}, {@code Playtcha-Login-Needs-Token: true}),
     * Playtcha is not asked, and Keycloak judged none: no brute-force count, no login error.
     */
    @Test
    void grant_always_tenTokenlessGrants_judgeNoPassword() throws Exception {
        PasswordGrant grant = new PasswordGrant(keycloak.url(), ALWAYS, "192.0.2.1");
        int calls = playtcha.callCount();
        List<PasswordGrant.Answer> answers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            answers.add(grant.withHeader("alice", i % 2 == 0 ? "wrong-password" : "right-alice", null));
        }
        answers.add(grant.withHeader("nobody-at-all", "whatever", null));
        for (PasswordGrant.Answer answer : answers) {
            assertRefusedForAToken(answer);
            assertEquals(answers.get(0).body(), answer.body(), "every refusal alike, whether the user exists or not");
        }
        assertEquals(calls, playtcha.callCount(), "no token, nothing to verify");
        assertEquals(0, admin.bruteForceFailures(ALWAYS, "alice"), "Keycloak's brute-force detector saw no failure");
        assertEquals("[]", admin.loginErrors(ALWAYS, "alice").strip(), "Keycloak logged no login error");
    }

    /** A token in the header logs in once; the same token again, as the form parameter, is refused as spent, nothing judged. */
    @Test
    void grant_always_aTokenLogsInOnce_andItsReplayIsRefused() throws Exception {
        String token = playtcha.mintToken();
        PasswordGrant grant = new PasswordGrant(keycloak.url(), ALWAYS, "192.0.2.2");
        PasswordGrant.Answer in = grant.withHeader("bob", "right-bob", token);
        assertTrue(in.loggedIn(), "a token and the right password log in: " + in);

        PasswordGrant.Answer replay = grant.withParameter("bob@example.com", "right-bob", token);
        assertAll(() -> assertFalse(replay.loggedIn(), "a spent token logs nobody in"), () -> assertEquals(400, replay.status()),
                () -> assertEquals("invalid_grant", replay.member("error")),
                () -> assertEquals("already_redeemed", replay.member("playtcha_code"), replay.body()),
                () -> assertEquals("true", replay.header("Playtcha-Token-Spent")),
                () -> assertEquals("true", replay.header("Playtcha-Login-Needs-Token")));
        assertEquals(0, admin.bruteForceFailures(ALWAYS, "bob"), "the replay reached no password check");
    }

    /**
     * Under {@code after-failures}: three wrong passwords by the user name, the e-mail and the name in capitals judged
     * by Keycloak (its own answer, with the login headers, the same for a name with no user); then the account needs a
     * token, whichever spelling and from another client, and the right password with a token gets in: never a lockout.
     */
    @Test
    void grant_afterFailures_threeFailures_thenTheAccountNeedsAToken() throws Exception {
        PasswordGrant grant = new PasswordGrant(keycloak.url(), AFTER_FAILURES, "192.0.2.3");
        List<PasswordGrant.Answer> failures = judgedFailures(grant, "carol", List.of("carol", "carol@example.com", "CAROL"), 3);
        for (PasswordGrant.Answer failed : failures) {
            assertAll(() -> assertEquals(400, failed.status(), "Keycloak's answer: " + failed),
                    () -> assertEquals("invalid_grant", failed.member("error")),
                    () -> assertEquals("Invalid user credentials", failed.member("error_description")),
                    () -> assertEquals("false", failed.header("Playtcha-Login-Needs-Token"), "this attempt needed none"),
                    () -> assertEquals("false", failed.header("Playtcha-Token-Spent")));
        }
        assertEquals(3, admin.bruteForceFailures(AFTER_FAILURES, "carol"), "Keycloak judged the three");
        PasswordGrant.Answer nobody = new PasswordGrant(keycloak.url(), AFTER_FAILURES, "192.0.2.10")
                .withHeader("nobody-at-all", "wrong-password", null);
        PasswordGrant.Answer wrong = failures.get(0);
        assertAll(() -> assertEquals(wrong.status(), nobody.status()), () -> assertEquals(wrong.body(), nobody.body()),
                () -> assertEquals(wrong.header("Playtcha-Login-Needs-Token"), nobody.header("Playtcha-Login-Needs-Token")),
                () -> assertEquals(wrong.header("Playtcha-Token-Spent"), nobody.header("Playtcha-Token-Spent")));

        PasswordGrant other = new PasswordGrant(keycloak.url(), AFTER_FAILURES, "192.0.2.4");
        assertRefusedForAToken(other.withHeader("carol", "right-carol", null));
        assertRefusedForAToken(other.withHeader("Carol@Example.com", "right-carol", null));
        assertEquals(3, admin.bruteForceFailures(AFTER_FAILURES, "carol"), "the refused grants reached no password check");
        PasswordGrant.Answer in = other.withHeader("carol@example.com", "right-carol", playtcha.mintToken());
        assertTrue(in.loggedIn(), "never a lockout: a token and the right password log in: " + in);
    }

    /**
     * Thirty tokenless grants guessing one account's password at once, each from a client of its own: at most three reach
     * Keycloak's password check (its login errors say how many it judged); the others are refused for a token. (Keycloak's
     * own detector, on in this realm, may refuse one let through before judging it: that one counts as a failure too, as an
     * unknown name's would, since Keycloak answers the two alike.)
     */
    @Test
    void grant_afterFailures_thirtyConcurrentGuesses_judgeAtMostThree() throws Exception {
        List<Callable<PasswordGrant.Answer>> guesses = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            PasswordGrant grant = new PasswordGrant(keycloak.url(), AFTER_FAILURES, "192.0.2." + (100 + i));
            String name = i % 2 == 0 ? "bob" : "bob@example.com";
            guesses.add(() -> grant.withHeader(name, "guess", null));
        }
        int refused = 0;
        for (PasswordGrant.Answer got : AtOnce.answers(guesses)) {
            assertEquals(400, got.status(), "an OAuth error, never a 5xx: " + got);
            refused += "true".equals(got.member("login_needs_token")) ? 1 : 0;
        }
        int judged = admin.wrongPasswords(AFTER_FAILURES, "bob");
        assertTrue(judged >= 1 && judged <= 3, judged + " guesses were judged (" + refused + " refused for a token)");
    }

    /**
     * Under {@code after-failures}, an account past its failures needs Playtcha's verdict at the grant too: Playtcha down
     * for the token answers 503 {@code temporarily_unavailable}, the password not judged.
     */
    @Test
    void grant_afterFailures_playtchaDown_failsClosed() throws Exception {
        PasswordGrant grant = new PasswordGrant(keycloak.url(), AFTER_FAILURES, "192.0.2.5");
        for (PasswordGrant.Answer failed : judgedFailures(grant, "alice", List.of("alice"), 3)) {
            assertEquals("Invalid user credentials", failed.member("error_description"));
        }
        String token = playtcha.mintToken();
        playtcha.injectFor(token, Fault.serverError(503, "unavailable"));
        PasswordGrant.Answer down = grant.withHeader("alice", "right-alice", token);
        assertAll(() -> assertFalse(down.loggedIn(), "no verdict, no login: " + down), () -> assertEquals(503, down.status()),
                () -> assertEquals("temporarily_unavailable", down.member("error")),
                () -> assertEquals("true", down.header("Playtcha-Login-Needs-Token")));
        assertEquals(3, admin.bruteForceFailures(AFTER_FAILURES, "alice"), "the refused grant reached no password check");
    }

    /**
     * Playtcha throttling the token's check (429 with {@code Retry-After}) is one the client waits out: 429
     * {@code temporarily_unavailable} with the {@code Retry-After}, the password not judged.
     */
    @Test
    void grant_always_playtchaThrottling_answers429_toWaitOut() throws Exception {
        PasswordGrant grant = new PasswordGrant(keycloak.url(), ALWAYS, "192.0.2.12");
        String token = playtcha.mintToken();
        playtcha.injectFor(token, Fault.serverError(429, "rate_limited_ip").withHeader("Retry-After", "7"));
        PasswordGrant.Answer limited = grant.withHeader("alice", "right-alice", token);
        assertAll(() -> assertFalse(limited.loggedIn(), limited.toString()), () -> assertEquals(429, limited.status()),
                () -> assertEquals("temporarily_unavailable", limited.member("error")),
                () -> assertEquals("rate_limited_ip", limited.member("playtcha_code")),
                () -> assertEquals("7", limited.header("Retry-After")),
                () -> assertEquals("true", limited.header("Playtcha-Login-Needs-Token")));
        assertEquals(0, admin.bruteForceFailures(ALWAYS, "alice"), "the refused grant reached no password check");
    }

    /**
     * What a client should not send is a 4xx, never a 500 and never a judged password: the token parameter twice (which
     * Keycloak's token endpoint refuses itself, {@code invalid_request}), a token past 8 KiB (malformed), a user name past the 256 characters the policy reads (an account it cannot
     * read: a token needed, and with one Keycloak's own "Invalid user credentials").
     */
    @Test
    void grant_badInput_getsA4xx_neverA500() throws Exception {
        PasswordGrant grant = new PasswordGrant(keycloak.url(), ALWAYS, "192.0.2.6");
        String token = playtcha.mintToken();
        int calls = playtcha.callCount();
        String twice = PasswordGrant.encode(PasswordGrant.fields("dave", "right-dave")) + "&playtcha-token=" + token + "&playtcha-token=" + token;
        PasswordGrant.Answer repeated = grant.post(twice, Map.of());
        assertAll(() -> assertEquals(400, repeated.status(), repeated.toString()), // Keycloak's token endpoint refuses it before any flow
                () -> assertEquals("invalid_request", repeated.member("error")));
        assertEquals(calls, playtcha.callCount(), "a token parameter sent twice: nothing verified");

        PasswordGrant.Answer oversized = grant.withHeader("dave", "right-dave", "t".repeat(9 * 1024));
        assertAll(() -> assertEquals(400, oversized.status(), oversized.toString()),
                () -> assertEquals("malformed_token", oversized.member("playtcha_code")));
        assertEquals(calls, playtcha.callCount(), "a malformed token is not sent to Playtcha");

        assertRefusedForAToken(grant.withHeader("d".repeat(1_000), "right-dave", null));
        PasswordGrant.Answer longName = grant.withHeader("d".repeat(1_000), "right-dave", playtcha.mintToken());
        assertAll(() -> assertEquals(400, longName.status(), longName.toString()),
                () -> assertEquals("Invalid user credentials", longName.member("error_description")));
        assertEquals(0, admin.bruteForceFailures(ALWAYS, "dave"), "no password of dave's was judged");
    }

    /**
     * The username page, then the password page under {@code after-failures}: no widget at first; three wrong passwords,
     * judged by Keycloak, and the third failure's page shows the widget; a new login by the e-mail is the same account, its
     * password page shows the widget from the start and refuses the right password without a token; with one it logs in.
     */
    @Test
    void twoPages_afterFailures_theWidgetFromTheThirdFailure_onThePasswordPage() throws Exception {
        Browser browser = new Browser(keycloak.url(), AFTER_FAILURES, "192.0.2.7");
        browser.open();
        Browser.Page passwordPage = browser.post(Map.of("username", "dave"));
        assertAll(() -> assertEquals(200, passwordPage.status()), () -> assertTrue(passwordPage.body().contains("name=\"password\"")),
                () -> assertFalse(passwordPage.body().contains("name=\"username\""), "the second page asks the password alone"),
                () -> assertFalse(passwordPage.showsWidget(), "no failure yet, no widget"));
        for (int judged = 0, i = 0; judged < 3; i++) { // Keycloak's own detector may refuse one unjudged: it counts nothing
            assertTrue(i < 9, "Keycloak judged " + judged + " of " + i + " wrong passwords");
            Browser.Page failed = browser.post(Map.of("password", "wrong-password", "credentialId", ""));
            int failures = admin.wrongPasswords(AFTER_FAILURES, "dave");
            assertAll(() -> assertEquals(200, failed.status(), "Keycloak's answer, " + failures + " judged"),
                    () -> assertEquals("false", failed.header("Playtcha-Login-Needs-Token"), "this attempt needed none"),
                    () -> assertEquals(failures == 3, failed.showsWidget(), "the widget from the third failure on, not at " + failures));
            if (failures > judged) {
                assertTrue(failed.body().contains("Invalid password"), failed.body());
            }
            judged = failures;
        }
        assertEquals(3, admin.bruteForceFailures(AFTER_FAILURES, "dave"), "Keycloak judged the three");

        Browser other = new Browser(keycloak.url(), AFTER_FAILURES, "192.0.2.8");
        other.open();
        Browser.Page byEmail = other.post(Map.of("username", "DAVE@example.com"));
        assertTrue(byEmail.showsWidget(), "the e-mail's password page: the same account, which needs a token");
        Browser.Page refused = other.post(Map.of("password", "right-dave", "credentialId", ""));
        assertAll(() -> assertFalse(refused.loggedIn()), () -> assertEquals(403, refused.status()),
                () -> assertTrue(refused.showsForm() && refused.showsWidget(), "the password page again, with the widget"),
                () -> assertEquals("true", refused.header("Playtcha-Login-Needs-Token")),
                () -> assertTrue(refused.body().contains("Please confirm you are human below"), refused.body()));
        assertEquals(3, admin.bruteForceFailures(AFTER_FAILURES, "dave"), "the refused attempt reached no password check");
        Browser.Page in = other.post(Map.of("password", "right-dave", "credentialId", "", "playtcha-token", playtcha.mintToken()));
        assertTrue(in.loggedIn(), "never a lockout: a token and the right password log in: " + in);
    }

    /**
     * docs/keycloak.md's {@code curl} example of the grant, sent as it is written (its realm {@code demo} here
     * {@code doors-always}, its {@code $PLAYTCHA_TOKEN} a token, its {@code $PASSWORD} the user's), logs in; without its
     * token header it gets the refusal the page shows, status, headers and body.
     */
    @Test
    void grant_theDocsExample_logsIn_andItsRefusalIsTheOneShown() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "keycloak.md"));
        Matcher sh = Pattern.compile("```sh\\n(curl [^`]*grant_type=password[^`]*?)\\n```").matcher(doc);
        assertTrue(sh.find(), "the grant's curl example");
        String curl = sh.group(1).replace("\\\n", " ");
        Matcher url = Pattern.compile("https://\\S+?/realms/demo/protocol/openid-connect/token\\s").matcher(curl);
        assertTrue(url.find(), curl);
        Map<String, String> headers = new LinkedHashMap<>();
        Matcher header = Pattern.compile("-H \"([^:]+): ([^\"]*)\"").matcher(curl);
        while (header.find()) {
            headers.put(header.group(1), header.group(2));
        }
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher field = Pattern.compile("-d ([a-z_]+)=(\"[^\"]*\"|\\S+)").matcher(curl);
        while (field.find()) {
            fields.put(field.group(1), field.group(2).replace("\"", ""));
        }
        fields.replaceAll((name, value) -> value.equals("$PASSWORD") ? "right-" + fields.get("username") : value);
        assertEquals(Map.of("Playtcha-Token", "$PLAYTCHA_TOKEN"), headers, curl);
        PasswordGrant grant = new PasswordGrant(keycloak.url(), ALWAYS, "192.0.2.9");

        PasswordGrant.Answer in = grant.post(PasswordGrant.encode(fields), Map.of("Playtcha-Token", playtcha.mintToken()));
        assertTrue(in.loggedIn(), "the example logs in: " + in);

        Matcher http = Pattern.compile("```http\\nHTTP/1.1 (\\d+)[^\\n]*\\n(.*?)\\n\\n(.*?)\\n```", Pattern.DOTALL).matcher(doc);
        assertTrue(http.find(), "the grant's refusal");
        PasswordGrant.Answer refused = grant.post(PasswordGrant.encode(fields), Map.of());
        assertEquals(Integer.parseInt(http.group(1)), refused.status(), refused.toString());
        for (String line : http.group(2).split("\\n")) {
            String name = line.substring(0, line.indexOf(':'));
            assertTrue(refused.header(name).startsWith(line.substring(line.indexOf(':') + 1).strip()), name + ": " + refused.header(name));
        }
        try (JsonReader shown = Json.createReader(new StringReader(http.group(3)));
                JsonReader got = Json.createReader(new StringReader(refused.body()))) {
            assertEquals(shown.readObject(), got.readObject());
        }
    }

    /**
     * Wrong passwords for {@code user} of {@code doors-after-failures}, by {@code spellings} in turn, until Keycloak judged
     * {@code judged} of them (its login errors say so): Keycloak's own detector, on in the realm, may refuse one without
     * judging it ({@code user_temporarily_disabled}), which gives back what it counted. Keycloak's answers, all of them.
     */
    private static List<PasswordGrant.Answer> judgedFailures(PasswordGrant grant, String user, List<String> spellings, int judged)
            throws Exception {
        List<PasswordGrant.Answer> answers = new ArrayList<>();
        for (int seen = 0; seen < judged; seen = admin.wrongPasswords(AFTER_FAILURES, user)) { // asked once per round: each ask is a hash
            assertTrue(answers.size() < judged * 3, "Keycloak judged " + seen + " of " + answers.size() + " wrong passwords");
            for (int i = seen; i < judged; i++) {
                answers.add(grant.withHeader(spellings.get(answers.size() % spellings.size()), "wrong-password", null));
            }
        }
        return answers;
    }

    private static void assertRefusedForAToken(PasswordGrant.Answer answer) {
        assertAll(() -> assertFalse(answer.loggedIn(), "refused: " + answer), () -> assertEquals(400, answer.status(), answer.toString()),
                () -> assertTrue(answer.header("Content-Type").startsWith("application/json")),
                () -> assertEquals("invalid_grant", answer.member("error")),
                () -> assertTrue(List.of("missing_token", "token_required").contains(answer.member("playtcha_code")), answer.body()),
                () -> assertEquals("true", answer.member("login_needs_token")),
                () -> assertEquals("true", answer.header("Playtcha-Login-Needs-Token")),
                () -> assertEquals("false", answer.header("Playtcha-Token-Spent")));
    }
}
