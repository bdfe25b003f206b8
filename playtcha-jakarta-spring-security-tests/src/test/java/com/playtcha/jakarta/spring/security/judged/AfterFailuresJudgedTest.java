package com.playtcha.jakarta.spring.security.judged;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.spring.testkit.Browser;
import com.playtcha.jakarta.spring.testkit.SpringSimulator;
import com.playtcha.jakarta.spring.testkit.WithSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import java.net.HttpCookie;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Issue 70 under {@code playtcha.login.require=after-failures} (account limit 3): a password judged by a part of the
 * application's own, with no manager of its in between, is decided there and counted on its account; a lookup that
 * judges nothing (remember-me, a one-time token) and an account status answered before any password are not. Each
 * case its own account; the user store counts its lookups, the encoder bean its judgments.
 */
@WithSimulator
@SpringBootTest(classes = JudgedApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "playtcha.login.require=after-failures")
class AfterFailuresJudgedTest {

    private static final PlaytchaSimulator PLAYTCHA = SpringSimulator.simulator();

    @Value("${local.server.port}")
    int port;

    @BeforeEach
    void reset() {
        JudgedApplication.LOOKUPS.set(0);
        JudgedApplication.JUDGMENTS.set(0);
    }

    /** Three tokenless failures of {@code account} at the form login: then it is at its limit. */
    private void atItsLimit(String account) throws Exception {
        for (int i = 1; i <= 3; i++) {
            HttpResponse<String> failed = new Browser(port).formLogin("/login", account, "wrong" + i, null, false);
            assertEquals("false", failed.headers().firstValue("Playtcha-Login-Needs-Token").orElse(null), "failure " + i);
        }
        JudgedApplication.LOOKUPS.set(0);
        JudgedApplication.JUDGMENTS.set(0);
    }

    /** Issue 70, item 7: an {@code AuthenticationProvider} bean called from a controller. Failed on 1cde289e: 10 of 10 reached the store. */
    @Test
    void aProviderBeanCalledFromAController_refusesAnAccountAtItsLimit() throws Exception {
        atItsLimit("alice");
        Browser client = new Browser(port);
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> login = client.login("/api/pin", "alice", i == 9 ? "secret" : "guess" + i, null);
            assertEquals("PlaytchaLoginException", login.body(), login::toString);
        }
        assertEquals(0, JudgedApplication.LOOKUPS.get(), "no guess reached the store");
    }

    /**
     * Issue 70, a shape nobody listed: a provider of the application's own, wired by hand into a filter of its own, on
     * the user-store bean, judging with the encoder bean: no manager anywhere, so each password is decided where the
     * encoder judges it, on the account the store looked up. An account at its limit: no judgment without a token (its
     * lookup judges nothing); a fresh one: three judged, then its right password needs a token. Failed on 1cde289e:
     * every guess was judged.
     */
    @Test
    void anOwnProviderInAnOwnFilter_isDecidedWhereTheEncoderJudges() throws Exception {
        atItsLimit("bob");
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> login = new Browser(port).form("/pin/login", "username=bob&password=" + (i == 9 ? "secret" : "guess" + i), null);
            assertEquals("PlaytchaLoginException", login.body(), login::toString);
            assertEquals("true", login.headers().firstValue("Playtcha-Login-Needs-Token").orElse(null));
        }
        assertEquals(0, JudgedApplication.JUDGMENTS.get(), "no guess was judged");

        for (int i = 0; i < 10; i++) {
            new Browser(port).form("/pin/login", "username=carol&password=guess" + i, null);
        }
        HttpResponse<String> right = new Browser(port).form("/pin/login", "username=carol&password=secret", null);
        assertEquals(3, JudgedApplication.JUDGMENTS.get(), "carol's limit is 3");
        assertEquals("PlaytchaLoginException", right.body());
    }

    /**
     * A password-change form judges the current password of a caller who is logged in: a guess like any other, counted
     * on the caller's account. Failed on 1cde289e: 10 wrong guesses judged, and the right one changed the password.
     */
    @Test
    void aPasswordChangeForm_countsItsCurrentPassword_asAGuess() throws Exception {
        Browser dave = new Browser(port);
        assertTrue(dave.formLogin("/login", "dave", "secret", null, false).headers().firstValue("Location").orElse("").endsWith("/whoami"));
        JudgedApplication.JUDGMENTS.set(0);
        for (int i = 0; i < 10; i++) {
            dave.json("/account/password", "{\"current\":\"guess" + i + "\",\"new\":\"other\"}", null);
        }
        HttpResponse<String> right = dave.json("/account/password", "{\"current\":\"secret\",\"new\":\"other\"}", null);

        assertEquals(3, JudgedApplication.JUDGMENTS.get(), "dave's limit is 3");
        assertEquals(403, right.statusCode(), right::body);
        assertTrue(right.body().contains("\"token_required\""), right.body());
        assertEquals("changed", dave.json("/account/password", "{\"current\":\"secret\",\"new\":\"other\"}", PLAYTCHA.mintToken()).body());
    }

    /** A JSON login filter made by a configurer of the application's own from the chain's manager (the documented way out). */
    @Test
    void aLoginFilterMadeByAConfigurerOfItsOwn_refusesAnAccountAtItsLimit() throws Exception {
        atItsLimit("erin");
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> login = new Browser(port).form("/json/login", "username=erin&password=" + (i == 9 ? "secret" : "guess" + i), null);
            assertEquals("PlaytchaLoginException", login.body(), login::toString);
        }
        assertEquals(0, JudgedApplication.LOOKUPS.get());
    }

    /**
     * "Locked" is answered before any password is judged (or regardless of it): no failure, so the account never needs
     * a token for it, through the chain's manager and through Spring's {@code DaoAuthenticationProvider} as a bean.
     */
    @Test
    void aLockedAccount_isNotAFailure() throws Exception {
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> form = new Browser(port).formLogin("/login", "locked", "guess" + i, null, false);
            assertEquals("false", form.headers().firstValue("Playtcha-Login-Needs-Token").orElse(null), form::toString);
            assertEquals("LockedException", new Browser(port).login("/api/store", "locked", "guess" + i, null).body());
        }
    }

    /** A lookup judges nothing: a one-time token and a remember-me cookie log in an account at its limit, with no token. */
    @Test
    void aOneTimeTokenAndARememberMeCookie_logInAnAccountAtItsLimit() throws Exception {
        Browser first = new Browser(port);
        first.formLogin("/login", "frank", "secret", null, true);
        HttpCookie rememberMe = first.cookie("remember-me");
        assertNotNull(rememberMe);
        atItsLimit("frank");

        assertEquals("caller=frank", first.withOnly(rememberMe).get("/whoami").body());
        Browser ott = new Browser(port);
        assertEquals("sent", ott.form("/ott/generate", "username=frank", null).body());
        HttpResponse<String> login = ott.form("/login/ott", "token=" + JudgedApplication.ONE_TIME_TOKENS.get("frank"), null);
        assertTrue(login.headers().firstValue("Location").orElse("").endsWith("/whoami"), login::toString);
        assertEquals("caller=frank", ott.get("/whoami").body());
        assertEquals(0, JudgedApplication.JUDGMENTS.get(), "no password was judged");
        assertEquals(0, PLAYTCHA.callCount());
    }

    /**
     * Issue 84, item 1: Spring's own {@code DaoAuthenticationProvider} built in place over the user-store bean, judging with
     * its default encoder, is decided at the lookup: an account at its limit needs a token there. Failed on 49c308dd:
     * 10 of 10 tokenless guesses judged, and the right password logged in.
     */
    @Test
    void springsProviderBuiltInPlace_refusesAnAccountAtItsLimit_atTheLookup() throws Exception {
        atItsLimit("kate");
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> login = new Browser(port).login("/api/inplace", "kate", i == 9 ? "secret" : "guess" + i, null);
            assertEquals("PlaytchaLoginException", login.body(), login::toString);
        }
        assertEquals(0, JudgedApplication.LOOKUPS.get());
        assertEquals("caller=kate", new Browser(port).login("/api/inplace", "kate", "secret", PLAYTCHA.mintToken()).body());
    }

    /** Its tokenless guesses are counted on the account where the store is asked: three, then a token. */
    @Test
    void springsProviderBuiltInPlace_countsItsGuesses() throws Exception {
        for (int i = 1; i <= 3; i++) {
            assertEquals("BadCredentialsException", new Browser(port).login("/api/inplace", "nina", "guess" + i, null).body());
        }
        assertEquals("PlaytchaLoginException", new Browser(port).login("/api/inplace", "nina", "secret", null).body());
        assertEquals(3, JudgedApplication.LOOKUPS.get());
    }

    /**
     * Given the encoder bean, the check decided at the lookup learns its outcome from the bean's judgment: a right
     * password gives its advance back, so an owner logging in five times needs no token.
     */
    @Test
    void springsProviderBuiltInPlace_withTheEncoderBean_givesARightPasswordBack() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertEquals("caller=oscar", new Browser(port).login("/api/inplace-encoder", "oscar", "secret", null).body());
        }
        assertEquals(5, JudgedApplication.JUDGMENTS.get());
        assertEquals(0, PLAYTCHA.callCount());
    }

    /**
     * Issue 84, item 7: a store that takes {@code paul} and {@code paul@example.com} for one account. Guesses under one
     * spelling count on the account the store returned, so the other spelling is at the limit too, refused once the
     * store has named the account and before any password is judged. Failed on 49c308dd: each spelling had the limit
     * of its own (three more guesses per alias).
     */
    @Test
    void anAccountsAliases_areOneCount() throws Exception {
        atItsLimit("paul");

        HttpResponse<String> alias = new Browser(port).formLogin("/login", "paul@example.com", "guess", null, false);

        assertEquals("true", alias.headers().firstValue("Playtcha-Login-Needs-Token").orElse(null), alias::toString);
        assertEquals(0, JudgedApplication.JUDGMENTS.get(), "refused before the password was judged");
        for (int i = 1; i <= 3; i++) {
            HttpResponse<String> failed = new Browser(port).formLogin("/login", "quinn@example.com", "guess" + i, null, false);
            assertEquals("false", failed.headers().firstValue("Playtcha-Login-Needs-Token").orElse(null), "failure " + i);
        }
        HttpResponse<String> typed = new Browser(port).formLogin("/login", "quinn", "secret", null, false);
        assertEquals("true", typed.headers().firstValue("Playtcha-Login-Needs-Token").orElse(null), "quinn counted as quinn@example.com");
        assertEquals(3, JudgedApplication.JUDGMENTS.get());
    }
}
