package com.playtcha.jakarta.keycloak;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.testing.PlaytchaSimulator;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two Keycloak nodes on one PostgreSQL ({@link KeycloakNodes}: the first node the other IT classes use, and a second
 * one, {@code start --optimized} on the same database, each with caches of its own), both with
 * {@code ledger-datasource=keycloak}: what one node counts, the other sees at once. The realm {@code cluster} is an
 * {@code after-failures} realm without Keycloak's own brute-force detection; each test logs in from client addresses of
 * its own. The secret is in neither node's output after the class ({@link SharedKeycloak}).
 */
@ExtendWith(SharedKeycloak.class)
class KeycloakClusterIT {

    private static PlaytchaSimulator playtcha;
    private static KeycloakAdmin admin;
    private static URI a;
    private static URI b;

    @BeforeAll
    static void start() throws Exception {
        KeycloakNodes nodes = KeycloakNodes.get();
        playtcha = nodes.playtcha();
        admin = nodes.admin();
        a = nodes.first().url();
        b = nodes.second().url();
    }

    /**
     * Three wrong passwords on node A; then node B, from another client, asks for a token for the same account (by its
     * e-mail too), judging no password without one, and logs the user in with one: never a lockout.
     */
    @Test
    void threeFailuresOnOneNode_makeTheOtherAskForAToken() throws Exception {
        Browser onA = new Browser(a, "cluster", "198.51.100.21");
        onA.open();
        for (int i = 1; i <= 3; i++) {
            Browser.Page failed = onA.login("frank", "wrong-password", null);
            int failure = i;
            assertAll(() -> assertEquals(200, failed.status(), "node A judged failure " + failure),
                    () -> assertEquals(failure == 3, failed.showsWidget(), "the widget from the third failure on, not at " + failure));
        }
        Browser onB = new Browser(b, "cluster", "198.51.100.22");
        onB.open();
        for (String name : new String[] {"frank", "frank@example.com"}) {
            Browser.Page refused = onB.login(name, "right-frank", null);
            assertAll(() -> assertFalse(refused.loggedIn(), "node B: " + refused), () -> assertEquals(403, refused.status()),
                    () -> assertTrue(refused.showsWidget()), () -> assertEquals("true", refused.header("Playtcha-Login-Needs-Token")));
        }
        assertEquals(3, admin.wrongPasswords("cluster", "frank"), "node B judged none of them");
        Browser.Page in = onB.login("frank", "right-frank", playtcha.mintToken());
        assertTrue(in.loggedIn(), "a token and the right password log in on node B: " + in);
    }

    /**
     * Thirty guesses at one account at once, half on each node, each from a client of its own and without a token: the
     * counts in the database admit at most three of them to Keycloak's password check, whichever node they reach.
     */
    @Test
    void thirtyConcurrentGuesses_acrossBothNodes_judgeAtMostThree() throws Exception {
        List<Browser> browsers = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            Browser browser = new Browser(i % 2 == 0 ? a : b, "cluster", "203.0.113." + (100 + i));
            browser.open();
            browsers.add(browser);
        }
        List<Callable<Browser.Page>> guesses = new ArrayList<>();
        for (Browser browser : browsers) {
            guesses.add(() -> browser.login("grace@example.com", "guess", null));
        }
        int refused = 0;
        for (Browser.Page page : AtOnce.answers(guesses)) {
            assertTrue(page.status() == 200 || page.status() == 403, "Keycloak's answer (200) or refused for a token (403): " + page);
            refused += page.status() == 403 ? 1 : 0;
        }
        int judged = admin.wrongPasswords("cluster", "grace");
        int tokenRefused = refused;
        assertAll(() -> assertTrue(judged >= 1 && judged <= 3, judged + " guesses were judged"),
                () -> assertEquals(30 - judged, tokenRefused, "every other guess refused for a token"));
    }

    /**
     * The counts are the realm's: a client that failed ten times in realm {@code cluster} (on node B), and a name with no
     * user that failed three times there, ask for a token in that realm on either node, and for none in realm
     * {@code after-failures}, where the same client and the same name have failed nothing.
     */
    @Test
    void aRealmsCounts_askNoOtherRealmForAToken() throws Exception {
        String client = "192.0.2.60";
        Browser onB = new Browser(b, "cluster", client);
        onB.open();
        for (int i = 0; i < 10; i++) {
            assertEquals(200, onB.login(i < 3 ? "nobody" : "nobody-" + i, "guess", null).status(), "judged, failure " + (i + 1));
        }
        Browser again = new Browser(a, "cluster", client);
        again.open();
        Browser.Page refused = again.login("heidi", "right-heidi", null);
        assertAll(() -> assertEquals(403, refused.status(), "the client's ten, seen on node A"), () -> assertTrue(refused.showsWidget()));
        Browser elsewhere = new Browser(a, "cluster", "192.0.2.61");
        elsewhere.open();
        Browser.Page nameRefused = elsewhere.login("nobody", "guess", null);
        assertEquals(403, nameRefused.status(), "the name's three, from another client: " + nameRefused);

        Browser otherRealm = new Browser(a, "after-failures", client);
        assertFalse(otherRealm.open().showsWidget(), "realm after-failures: this client failed nothing there");
        Browser.Page judged = otherRealm.login("nobody", "guess", null);
        assertAll(() -> assertEquals(200, judged.status(), "judged in the other realm: " + judged),
                () -> assertEquals("false", judged.header("Playtcha-Login-Needs-Token")), () -> assertFalse(judged.showsWidget()));
    }
}
