package com.playtcha.jakarta.keycloak;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.testing.Fault;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The browser login of a real Keycloak 26.7 ({@link KeycloakServer}) with the provider jar, the simulator as Playtcha, and
 * two realms imported from JSON (src/test/resources/import): {@code always} and {@code after-failures}, each a browser flow
 * of the form {@code playtcha-login-form} alone, its {@code login-require} set in the execution's configuration, with
 * Keycloak's own brute-force detection and login events on, to show what reaches Keycloak's password check. One server
 * for the run ({@link SharedKeycloak}: the first node of {@link KeycloakNodes}, its counts in its PostgreSQL); each test
 * logs in from a client address of its own.
 */
@ExtendWith(SharedKeycloak.class)
class KeycloakLoginIT {

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
     * Ten logins without a token, the wrong password and the right one in turn: each is answered the same (the form again,
     * 403, saying a check is needed, the widget shown), none logs in, Playtcha is not asked, and Keycloak judged none of
     * the passwords: its brute-force detector counts no failure for the user and it logged no login error.
     */
    @Test
    void always_tenTokenlessLogins_judgeNoPassword() throws Exception {
        Browser browser = new Browser(keycloak.url(), "always", "198.51.100.1");
        Browser.Page first = browser.open();
        assertAll(() -> assertEquals(200, first.status()), () -> assertTrue(first.showsWidget(), "always: the first page shows the widget"),
                () -> assertEquals(null, first.header("Playtcha-Login-Needs-Token"), "a page before any post: no attempt's header"));
        int calls = playtcha.callCount();
        Browser.Page wrong = null;
        Browser.Page right = null;
        for (int i = 0; i < 10; i++) {
            Browser.Page page = browser.login("alice", i % 2 == 0 ? "wrong-password" : "right-alice", null);
            assertRefusedForAToken(page);
            wrong = i % 2 == 0 ? page : wrong;
            right = i % 2 == 1 ? page : right;
        }
        assertEquals(messageOf(wrong), messageOf(right), "the right password and a wrong one, without a token, answered alike");
        assertEquals(calls, playtcha.callCount(), "no token, nothing to verify");
        assertEquals(0, admin.bruteForceFailures("always", "alice"), "Keycloak's brute-force detector saw no failure");
        assertEquals("[]", admin.loginErrors("always", "alice").strip(), "Keycloak logged no login error");
    }

    /** A token logs in once; the same token again, with the right password, is refused as spent, and the widget asks anew. */
    @Test
    void always_aTokenLogsInOnce_andItsReplayIsRefused() throws Exception {
        String token = playtcha.mintToken();
        Browser first = new Browser(keycloak.url(), "always", "198.51.100.2");
        first.open();
        Browser.Page in = first.login("bob", "right-bob", token);
        assertTrue(in.loggedIn(), "a token and the right password log in: " + in);

        Browser second = new Browser(keycloak.url(), "always", "198.51.100.2");
        second.open();
        Browser.Page replay = second.login("bob", "right-bob", token);
        assertAll(() -> assertFalse(replay.loggedIn(), "a spent token logs nobody in"),
                () -> assertEquals(403, replay.status()), () -> assertTrue(replay.showsWidget()),
                () -> assertEquals("true", replay.header("Playtcha-Token-Spent")),
                () -> assertTrue(replay.body().contains("The human check did not pass"), replay.body()));
        assertEquals(0, admin.bruteForceFailures("always", "bob"), "the replay reached no password check");
    }

    /**
     * Under {@code after-failures}: no widget at first; three wrong passwords are judged by Keycloak, and the third
     * failure's page shows the widget; then the right password without a token is refused, by the user name and by its
     * e-mail (one account), and with a token it logs in.
     */
    @Test
    void afterFailures_threeFailures_thenTheAccountNeedsAToken() throws Exception {
        Browser browser = new Browser(keycloak.url(), "after-failures", "198.51.100.3");
        Browser.Page first = browser.open();
        assertAll(() -> assertFalse(first.showsWidget(), "no failure yet, no widget"),
                () -> assertEquals(null, first.header("Playtcha-Login-Needs-Token"), "a page before any post: no attempt's header"));
        for (int i = 1; i <= 3; i++) {
            Browser.Page failed = browser.login(i == 2 ? "carol@example.com" : "carol", "wrong-password", null);
            int failures = i;
            assertAll(() -> assertEquals(200, failed.status(), "Keycloak judged failure " + failures),
                    () -> assertEquals("false", failed.header("Playtcha-Login-Needs-Token"), "this attempt needed none"),
                    () -> assertEquals("false", failed.header("Playtcha-Token-Spent")),
                    () -> assertTrue(failed.body().contains("Invalid username or password"), failed.body()),
                    () -> assertEquals(failures == 3, failed.showsWidget(), "the widget from the third failure on, not at " + failures));
        }
        assertEquals(3, admin.bruteForceFailures("after-failures", "carol"), "Keycloak judged the three");

        Browser other = new Browser(keycloak.url(), "after-failures", "198.51.100.4");
        other.open();
        assertRefusedForAToken(other.login("carol", "right-carol", null));
        assertRefusedForAToken(other.login("CAROL@example.com", "right-carol", null));
        assertEquals(3, admin.bruteForceFailures("after-failures", "carol"), "the refused attempts reached no password check");
        Browser.Page in = other.login("carol", "right-carol", playtcha.mintToken());
        assertTrue(in.loggedIn(), "never a lockout: a token and the right password log in: " + in);
    }

    /**
     * Thirty guesses at one account at once, each from a client of its own and without a token: the policy counts each
     * in advance, so at most three reach Keycloak's password check (the account's limit); the others are refused for a
     * token. Keycloak's login errors show how many passwords it judged. (Keycloak's own detector, on in this realm, may
     * refuse some of those let through before judging them, "user_temporarily_disabled": those count as failures too, as
     * an unknown name's would, since Keycloak words them alike.)
     */
    @Test
    void afterFailures_thirtyConcurrentGuesses_judgeAtMostThree() throws Exception {
        List<Browser> browsers = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            Browser browser = new Browser(keycloak.url(), "after-failures", "203.0.113." + (i + 1));
            browser.open();
            browsers.add(browser);
        }
        List<Callable<Browser.Page>> guesses = new ArrayList<>();
        for (Browser browser : browsers) {
            guesses.add(() -> browser.login("bob@example.com", "guess", null));
        }
        int refused = 0;
        for (Browser.Page page : AtOnce.answers(guesses)) {
            assertTrue(page.status() == 200 || page.status() == 403, "Keycloak's answer (200) or refused for a token (403): " + page);
            refused += page.status() == 403 ? 1 : 0;
        }
        int judged = admin.wrongPasswords("after-failures", "bob");
        assertTrue(judged >= 1 && judged <= 3, judged + " guesses were judged (" + refused + " refused for a token)");
    }

    /**
     * What Keycloak refuses before it judges a password (here a disabled user, erin) is no failure: each attempt counted in
     * advance is given back, so five such attempts with her right password never make the account need a token.
     */
    @Test
    void afterFailures_aDisabledUser_isRefusedByKeycloak_andNotCounted() throws Exception {
        Browser browser = new Browser(keycloak.url(), "after-failures", "198.51.100.8");
        browser.open();
        for (int i = 1; i <= 5; i++) {
            Browser.Page page = browser.login("erin", "right-erin", null);
            int attempt = i;
            assertAll(() -> assertFalse(page.loggedIn()), () -> assertEquals(200, page.status(), "Keycloak's answer, attempt " + attempt),
                    () -> assertFalse(page.showsWidget(), "no failure counted, no token asked for, attempt " + attempt));
        }
    }

    /**
     * Under {@code after-failures}, an account past its failures needs Playtcha's verdict: with Playtcha down for the token
     * (503), the login is refused 503, saying to try later, the password not judged; nothing lets it in without a verdict.
     */
    @Test
    void afterFailures_playtchaDown_failsClosed() throws Exception {
        Browser browser = new Browser(keycloak.url(), "after-failures", "198.51.100.7");
        browser.open();
        for (int i = 0; i < 3; i++) {
            assertEquals(200, browser.login("dave", "wrong-password", null).status());
        }
        String token = playtcha.mintToken();
        playtcha.injectFor(token, Fault.serverError(503, "unavailable"));
        Browser.Page down = browser.login("dave", "right-dave", token);
        assertAll(() -> assertFalse(down.loggedIn(), "no verdict, no login: " + down), () -> assertEquals(503, down.status()),
                () -> assertTrue(down.body().contains("cannot be done right now"), down.body()), () -> assertTrue(down.showsWidget()));
        assertEquals(3, admin.bruteForceFailures("after-failures", "dave"), "the refused attempt reached no password check");
    }

    /**
     * What a browser would not send gets the form again (or, asked for JSON, the envelope), never a 500 and never a judged
     * password: a token field sent twice (no token), a user name past the longest the policy reads (an account it cannot
     * read, which needs a token), a refusal asked for as JSON.
     */
    @Test
    void badInput_getsTheFormAgain_neverA500_andNoPasswordJudged() throws Exception {
        String token = playtcha.mintToken();
        Browser always = new Browser(keycloak.url(), "always", "198.51.100.5");
        always.open();
        int calls = playtcha.callCount();
        assertRefusedForAToken(always.post("username=dave&password=right-dave&credentialId=&playtcha-token=" + token
                + "&playtcha-token=" + token, "text/html"));
        assertEquals(calls, playtcha.callCount(), "a token field sent twice carries no token: nothing verified");
        Browser.Page json = always.post("username=dave&password=right-dave&credentialId=", "application/json");
        assertAll(() -> assertEquals(403, json.status()), () -> assertTrue(json.header("Content-Type").startsWith("application/json")),
                () -> assertTrue(json.body().contains("\"login_needs_token\":true"), json.body()),
                () -> assertEquals("true", json.header("Playtcha-Login-Needs-Token")));

        Browser afterFailures = new Browser(keycloak.url(), "after-failures", "198.51.100.6");
        afterFailures.open();
        assertRefusedForAToken(afterFailures.login("d".repeat(1_000), "whatever", null));
        assertEquals(0, admin.bruteForceFailures("always", "dave"), "no password of dave's was judged");
    }

    /**
     * Keycloak looks a posted name up trimmed ({@code trim()}, which drops control characters as well as spaces): the
     * account counted is the user Keycloak judges, so {@code \u0001frank} and {@code \u0001frank@example.com} fail
     * frank's account, and after three such failures frank's next attempt needs a token, from any client.
     */
    @Test
    void afterFailures_aNameKeycloakTrims_countsOnTheUserKeycloakJudges() throws Exception {
        Browser guesser = new Browser(keycloak.url(), "after-failures", "198.51.100.21");
        guesser.open();
        for (String name : List.of("\u0001frank", "\u0001frank@example.com", "frank\u0002")) {
            Browser.Page failed = guesser.login(name, "wrong", null);
            assertFalse(failed.loggedIn(), "a wrong password: " + failed);
        }
        assertEquals(3, admin.wrongPasswords("after-failures", "frank"), "Keycloak judged frank's password three times");

        Browser other = new Browser(keycloak.url(), "after-failures", "198.51.100.22");
        other.open();
        assertRefusedForAToken(other.login("frank", "right-frank", null));
        assertRefusedForAToken(other.login("\u0001frank", "right-frank", null));
        assertEquals(3, admin.wrongPasswords("after-failures", "frank"), "the refused attempts reached no password check");
    }

    /**
     * An empty password counts alike for a user and for a name that is no user's: Keycloak words both as an invalid
     * username or password, and a count given back for the user would tell, by when the widget comes, which names are
     * users. Three of each, each from a client of its own, and the fourth of each needs a token.
     */
    @Test
    void afterFailures_anEmptyPassword_countsAlikeForAUserAndANameOfNoUser() throws Exception {
        int client = 30;
        for (String name : List.of("grace", "nobody-like-grace")) {
            for (int attempt = 1; attempt <= 3; attempt++) {
                Browser browser = new Browser(keycloak.url(), "after-failures", "198.51.100." + client++);
                browser.open();
                Browser.Page failed = browser.login(name, "", null);
                assertFalse(failed.loggedIn(), name + ": " + failed);
            }
            Browser fourth = new Browser(keycloak.url(), "after-failures", "198.51.100." + client++);
            fourth.open();
            assertRefusedForAToken(fourth.login(name, "", null));
        }
    }

    private static void assertRefusedForAToken(Browser.Page page) {
        assertAll(() -> assertFalse(page.loggedIn(), "refused: " + page), () -> assertEquals(403, page.status()),
                () -> assertTrue(page.showsForm() && page.showsWidget(), "the form again, with the widget"),
                () -> assertEquals("true", page.header("Playtcha-Login-Needs-Token")),
                () -> assertTrue(page.body().contains("Please confirm you are human below"), page.body()));
    }

    /** The page's alert: what it says to the user. */
    private static String messageOf(Browser.Page page) {
        String body = page.body();
        int at = body.indexOf("Please confirm you are human below");
        return at < 0 ? body : body.substring(at, body.indexOf('<', at));
    }
}
