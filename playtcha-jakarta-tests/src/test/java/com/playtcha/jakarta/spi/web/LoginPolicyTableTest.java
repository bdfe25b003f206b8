package com.playtcha.jakarta.spi.web;

import com.playtcha.jakarta.core.DecisionAttributes;
import com.playtcha.jakarta.core.Mode;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.Policy;
import com.playtcha.jakarta.core.TestSettings;
import com.playtcha.jakarta.spi.VerifierFactory;
import com.playtcha.jakarta.spi.door.LoginProtocol;
import com.playtcha.jakarta.spi.login.LoginAccount;
import com.playtcha.jakarta.spi.login.LoginAttempt;
import com.playtcha.jakarta.spi.login.LoginPolicy;
import com.playtcha.jakarta.spi.store.AccountKey;
import com.playtcha.jakarta.spi.store.LoginFailures;
import com.playtcha.jakarta.spi.store.Resources;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The login policy's one decision, over a real verifier and the simulator: for every login attempt
 * (whether its counts ask for a token, which token it carries, the mode), whether it goes on, its code,
 * whether Playtcha is asked and the token spent, what the page is told, and whether its outcome is
 * counted. The counts themselves, on a fake clock and every store: LoginFailuresContract.
 */
class LoginPolicyTableTest {

    @RegisterExtension
    static final PlaytchaSimulatorExtension PLAYTCHA = new PlaytchaSimulatorExtension();

    private final PlaytchaSimulator sim = PLAYTCHA.simulator();
    private PlaytchaVerifier verifier;
    private LoginFailures counts;

    /**
     * One verify first, so that no row's is the JVM's first (client and simulator loading their classes): on a
     * loaded machine that one can outlast the budget, and a login that needs a token never fails open.
     */
    @BeforeAll
    static void warm() {
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        try (PlaytchaVerifier warm = PlaytchaVerifier.create(PlaytchaSettings.builder(sim.secret()).apiUrl(sim.url())
                .timeout(java.time.Duration.ofSeconds(30)).ledgerEnabled(false).build())) {
            warm.verify(sim.mintToken(), "192.0.2.1", "/warm");
        }
    }

    @AfterEach
    void stop() {
        verifier.close();
        if (counts != null) {
            counts.close();
        }
    }

    /** The web side of a login over a verifier and, with after-failures, the counts held beside it. */
    private WebLogin login(boolean afterFailures, Mode mode) {
        PlaytchaSettings settings = TestSettings.against(sim)
                .loginAfterFailures(afterFailures).mode(mode).build();
        counts = VerifierFactory.loginFailures(settings, Resources.NONE);
        verifier = VerifierFactory.verifier(settings, null, List.of(), counts, Resources.NONE);
        return new WebLogin(new LoginPolicy(settings, counts), new WebGuard("login", Policy.of(settings), () -> verifier));
    }

    /** Three failures of {@code account}, reported as a hook reports them. */
    private static void failThrice(WebLogin login, String account) throws Exception {
        for (int i = 0; i < 3; i++) {
            login.decide(new LoginPostRequest("198.51.100.1", null), LoginAccount.named(account)).outcome().accept(Boolean.FALSE);
        }
    }

    @ParameterizedTest(name = "{0} {1} counts reached={2} token={3}")
    @CsvSource(textBlock = """
            # require       | mode    | reached | token | goes on | code           | asks Playtcha | spent | page told | counted
            after-failures  | ENFORCE | false   | none  | true    |                | false         | false | false     | true
            after-failures  | ENFORCE | false   | valid | true    |                | false         | false | false     | true
            after-failures  | ENFORCE | false   | junk  | true    |                | false         | false | false     | true
            after-failures  | ENFORCE | true    | none  | false   | token_required | false         | false | true      | false
            after-failures  | ENFORCE | true    | valid | true    |                | true          | true  | true      | true
            after-failures  | ENFORCE | true    | junk  | false   | token_invalid  | true          | true  | true      | false
            after-failures  | OBSERVE | true    | none  | true    | token_required | false         | false | true      | true
            always          | ENFORCE | false   | none  | false   | missing_token  | false         | false | true      | false
            always          | ENFORCE | false   | valid | true    |                | true          | true  | true      | false
            """, delimiter = '|')
    void theDecision(String require, Mode mode, boolean reached, String token, boolean goesOn, String code,
            boolean asksPlaytcha, boolean spent, boolean pageTold, boolean counted) throws Exception {
        WebLogin login = login(require.equals("after-failures"), mode);
        if (reached) {
            failThrice(login, "alice");
        }
        sim.reset();
        String sent = switch (token) {
            case "valid" -> sim.mintToken();
            case "junk" -> "ptk_default_forged";
            default -> null;
        };
        LoginPostRequest request = new LoginPostRequest("203.0.113.5", sent);

        LoginAnswer answer = login.decide(request, LoginAccount.named("Alice"));
        LoginAttempt attempt = answer.attempt();

        assertEquals(goesOn, attempt.proceeds());
        assertEquals(!pageTold, attempt instanceof LoginAttempt.Admitted, "went on without a token: admitted");
        assertEquals(code, request.attributes.get(DecisionAttributes.ERROR_CODE));
        assertEquals(asksPlaytcha ? 1 : 0, sim.callCount());
        assertEquals(spent, attempt.tokenSpent());
        assertEquals(spent, request.attributes.get(DecisionAttributes.TOKEN_SPENT));
        assertEquals(pageTold, attempt.needsToken());
        assertEquals(counted, attempt.outcome() != null);
        if (!attempt.proceeds()) {
            Rejection refusal = answer.refusal(); // for the JSON client the request names
            assertEquals("true", refusal.headers().get(LoginProtocol.NEEDS_TOKEN_HEADER));
            assertEquals(Boolean.toString(spent), refusal.headers().get(LoginProtocol.TOKEN_SPENT_HEADER));
            assertEquals(code, refusal.body().code());
        }
    }

    @Test
    void aValidTokenAndTheRightPassword_alwaysLogIn_andTheSuccessClearsNothing() throws Exception {
        WebLogin login = login(true, Mode.ENFORCE);
        failThrice(login, "alice");

        LoginAttempt withToken = login.decide(new LoginPostRequest("203.0.113.5", sim.mintToken()), LoginAccount.named("alice")).attempt();
        assertTrue(withToken.proceeds(), "never a lockout");
        withToken.outcome().accept(Boolean.TRUE);
        withToken.outcome().accept(Boolean.FALSE); // a second report is ignored

        LoginAttempt next = login.decide(new LoginPostRequest("203.0.113.5", null), LoginAccount.named("alice")).attempt();
        assertFalse(next.proceeds(), "the success cleared nothing (issue 49): alice answers as any name at its limit");
        assertTrue(next.needsToken());
        assertNull(next.outcome());
    }

    @Test
    void aSecondClient_isUnaffected_untilTheAccountsThreshold() throws Exception {
        WebLogin login = login(true, Mode.ENFORCE);
        for (int i = 0; i < 2; i++) {
            login.decide(new LoginPostRequest("198.51.100.1", null), LoginAccount.named("alice")).outcome().accept(Boolean.FALSE);
        }
        assertFalse(login.needsToken("alice", "203.0.113.5"));
        login.decide(new LoginPostRequest("198.51.100.1", null), LoginAccount.named("alice")).outcome().accept(Boolean.FALSE);

        assertTrue(login.needsToken("alice", "203.0.113.5"));
        assertFalse(login.needsToken(null, "203.0.113.5"), "the login page of the second client, no account known");
        assertFalse(login.needsToken("bob", "203.0.113.5"));
    }

    @Test
    void noCountsBesideTheVerifier_asksEveryAttemptForAToken() throws Exception {
        PlaytchaSettings settings = TestSettings.against(sim)
                .loginAfterFailures(true).build();
        verifier = PlaytchaVerifier.create(settings); // an application's own verifier, offered without counts
        WebLogin login = new WebLogin(new LoginPolicy(settings, null), new WebGuard("login", Policy.of(settings), () -> verifier));
        LoginPostRequest request = new LoginPostRequest("203.0.113.5", null);

        LoginAttempt attempt = login.decide(request, LoginAccount.named("alice")).attempt();

        LoginAttempt.Decided refused = assertInstanceOf(LoginAttempt.Decided.class, attempt);
        assertFalse(refused.proceeds());
        assertEquals("missing_token", request.attributes.get(DecisionAttributes.ERROR_CODE), "decided as under login.require=always");
        assertTrue(login.needsToken("alice", "203.0.113.5"));
    }

    @Test
    void aRefusedLogin_tellsThePage_inAFieldOfItsBody() throws Exception {
        WebLogin login = login(true, Mode.ENFORCE);
        failThrice(login, "alice");
        LoginAnswer refused = login.decide(new LoginPostRequest("203.0.113.5", null), LoginAccount.named("alice"));
        assertInstanceOf(LoginAttempt.NeedsToken.class, refused.attempt());
        Rejection refusal = refused.refusal(); // for the JSON client the request names

        assertEquals(Boolean.TRUE, refusal.body().loginNeedsToken());
        assertEquals("{\"error\":{\"code\":\"token_required\",\"message\":\"" + refusal.body().message()
                + "\",\"login_needs_token\":true}}", refusal.json());
    }

    /** Issue 63, item 7: a batch endpoint's 26 passwords in one request; the token covers the first credential only. */
    @ParameterizedTest(name = "after-failures={0}")
    @CsvSource({"true", "false"})
    void oneToken_coversOneCredential_notASecondPasswordInTheSameRequest(boolean afterFailures) throws Exception {
        WebLogin login = login(afterFailures, Mode.ENFORCE);
        if (afterFailures) {
            failThrice(login, "bob");
        }
        sim.reset();
        LoginPostRequest request = new LoginPostRequest("203.0.113.5", sim.mintToken());
        LoginAccount bob = LoginAccount.named("bob");

        LoginAttempt first = login.decideCheck(request, bob, "guess-0").attempt();
        LoginAttempt sameAgain = login.decideCheck(request, bob, "guess-0").attempt(); // a second store asked the same
        int goneOn = 0;
        for (int i = 1; i < 26; i++) {
            LoginAnswer other = login.decideCheck(request, bob, "guess-" + i);
            goneOn += other.proceeds() ? 1 : 0;
            assertEquals(first.tokenSpent(), other.attempt().tokenSpent(), "the token went to the first: the page resets its widget");
            assertEquals(first.tokenSpent(), request.attribute(DecisionAttributes.TOKEN_SPENT));
        }

        assertTrue(first.proceeds());
        assertTrue(sameAgain.proceeds(), "the same account and password asked of another store: the same token");
        assertEquals(0, goneOn, "no other password of the request is covered by its one token");
        assertTrue(sim.callCount() <= 1, "the token sent once at most (a slow machine's verify may fail open before it arrives)");
        assertFalse(login.decideCheck(request, LoginAccount.Unnamed.UNREADABLE, "guess-0").proceeds(), "nor another account");
        if (afterFailures) {
            LoginAttempt carol = login.decideCheck(request, LoginAccount.named("carol"), "guess").attempt();
            assertTrue(carol.proceeds(), "an account below its limits goes on without a token");
            assertEquals(first.tokenSpent(), carol.tokenSpent(), "and says the request's token is spent if bob's verify spent it");
        }
    }

    /** A door that decided before it could read the password names it when the store checks it; the token covers that one. */
    @Test
    void aCheckDecidedBeforeItsPassword_coversThePasswordItNamesLater() throws Exception {
        WebLogin login = login(false, Mode.ENFORCE);
        LoginPostRequest request = new LoginPostRequest("203.0.113.5", sim.mintToken());
        LoginAccount bob = LoginAccount.named("bob");

        assertTrue(login.decideCheck(request, bob).proceeds());
        login.checking(request, bob, "secret");

        assertTrue(login.decideCheck(request, bob, "secret").proceeds());
        assertFalse(login.decideCheck(request, bob, "other").proceeds());
        assertFalse(login.decideCheck(request, bob, null).proceeds(), "a password unknown to the door is another credential");
    }

    /** A mechanism's call decided from the request (a JSON body names no account) leaves its token to the first credential read. */
    @Test
    void aDecisionBeforeAnyCredential_leavesTheTokenToTheFirstCredentialRead_andNoOther() throws Exception {
        WebLogin login = login(false, Mode.ENFORCE);
        LoginPostRequest request = new LoginPostRequest("203.0.113.5", sim.mintToken());

        assertTrue(login.decideCheck(request, LoginAccount.Unnamed.NONE).proceeds());

        assertTrue(login.decideCheck(request, LoginAccount.named("carol"), "secret").proceeds(), "the credential the token came with");
        assertFalse(login.decideCheck(request, LoginAccount.named("carol"), "guess").proceeds());
        assertFalse(login.decideCheck(request, LoginAccount.named("dave"), "secret").proceeds());
    }

    /** Issue 63, item 6: a check with no request is counted on its account and refused at its limit; under always, refused. */
    @Test
    void aCheckOutsideRequests_isCountedOnItsAccount_andRefusedAtItsLimit() throws Exception {
        WebLogin login = login(true, Mode.ENFORCE);
        for (int i = 0; i < 3; i++) {
            LoginAttempt admitted = assertInstanceOf(LoginAttempt.Admitted.class, login.decideOutside(LoginAccount.named("Bob")).attempt());
            admitted.outcome().checked(false);
        }

        assertFalse(login.decideOutside(LoginAccount.named("bob")).proceeds(), "bob at his limit, folded");
        assertTrue(login.needsToken("bob", "203.0.113.5"), "the failures counted on the account for the web too");
        assertTrue(login.decideOutside(LoginAccount.named("carol")).proceeds());
        assertFalse(login.decideOutside(LoginAccount.Unnamed.UNREADABLE).proceeds(), "an account it cannot read is never free");
        assertFalse(login.decideOutside(LoginAccount.Unnamed.NONE).proceeds());
    }

    @ParameterizedTest(name = "outside-requests={0}")
    @CsvSource({"false", "true"})
    void underAlways_aCheckOutsideRequests_goesOnOnlyWhereTheApplicationSaysSo(boolean outside) {
        PlaytchaSettings settings = PlaytchaSettings.builder(sim.secret()).apiUrl(sim.url()).loginOutsideRequests(outside).build();
        counts = VerifierFactory.loginFailures(settings, Resources.NONE);
        verifier = VerifierFactory.verifier(settings, null, List.of(), counts, Resources.NONE);
        WebLogin login = new WebLogin(new LoginPolicy(settings, counts), new WebGuard("login", Policy.of(settings), () -> verifier));

        LoginAttempt attempt = login.decideOutside(LoginAccount.named("bob")).attempt();

        assertEquals(outside, attempt.proceeds());
        assertEquals(outside, attempt.outcome() != null, "counted in advance where it goes on");
    }

    /**
     * Issue 84, item 3: under {@code always} with {@code outside-requests=true}, a check with no request is counted on
     * its account, as under {@code after-failures}, and refused at its limit (no request can carry a token); a right
     * password gives its advance back. Failed on 49c308dd: admitted and counted nothing, without limit.
     */
    @Test
    void underAlways_aCheckOutsideRequests_isCountedOnItsAccount_andRefusedAtItsLimit() throws Exception {
        PlaytchaSettings settings = TestSettings.against(sim).loginOutsideRequests(true).build();
        counts = VerifierFactory.loginFailures(settings, Resources.NONE);
        verifier = VerifierFactory.verifier(settings, null, List.of(), counts, Resources.NONE);
        WebLogin login = new WebLogin(new LoginPolicy(settings, counts), new WebGuard("login", Policy.of(settings), () -> verifier));

        LoginAttempt right = assertInstanceOf(LoginAttempt.Admitted.class, login.decideOutside(LoginAccount.named("bob")).attempt());
        right.outcome().checked(true);
        for (int i = 0; i < 3; i++) {
            LoginAttempt guess = assertInstanceOf(LoginAttempt.Admitted.class, login.decideOutside(LoginAccount.named("Bob")).attempt());
            guess.outcome().checked(false);
        }

        assertFalse(login.decideOutside(LoginAccount.named("bob")).proceeds(), "bob at his limit, folded");
        assertTrue(login.decideOutside(LoginAccount.named("carol")).proceeds());
        assertFalse(login.decideOutside(LoginAccount.Unnamed.UNREADABLE).proceeds(), "an account it cannot read is never free");
        assertFalse(login.decideOutside(LoginAccount.Unnamed.NONE).proceeds());
    }

    /** Issue 63, item 13: no name, however spelt, is an account the guard cannot read. */
    @Test
    void theNameOfTheOldSentinel_isAnAccountLikeAnyOther() throws Exception {
        WebLogin login = login(true, Mode.ENFORCE);
        LoginAccount spelt = LoginAccount.named("(an account name the guard cannot read)");

        assertInstanceOf(LoginAccount.Named.class, spelt);
        assertInstanceOf(LoginAttempt.Admitted.class, login.decide(new LoginPostRequest("203.0.113.5", null), spelt).attempt());
        assertInstanceOf(LoginAttempt.NeedsToken.class, login.decide(new LoginPostRequest("203.0.113.6", null), LoginAccount.Unnamed.UNREADABLE).attempt());
        assertEquals(LoginAccount.Unnamed.UNREADABLE, LoginAccount.named("x".repeat(AccountKey.MAX_NAME_LENGTH + 1)));
    }

    /**
     * Issue 70, item 9: a name that folds to nothing ({@code "\u200b"}) is an account the guard cannot read, so it
     * needs a token whatever its count. Failed on 1cde289e: a zero-width space was counted as an account of its own,
     * fresh, and went on without a token.
     */
    @Test
    void aNameThatFoldsToNothing_isAnAccountTheGuardCannotRead() throws Exception {
        WebLogin login = login(true, Mode.ENFORCE);

        assertEquals(LoginAccount.Unnamed.UNREADABLE, LoginAccount.named("\u200b"));
        assertEquals(LoginAccount.Unnamed.UNREADABLE, LoginAccount.named("\u2060\u0301"));
        assertInstanceOf(LoginAttempt.NeedsToken.class, login.decide(new LoginPostRequest("203.0.113.7", null), LoginAccount.named("\u200b")).attempt());
        assertInstanceOf(LoginAccount.Named.class, LoginAccount.named("\u200balice"));
        assertInstanceOf(LoginAccount.Named.class, LoginAccount.named(" alice "));
    }

    /**
     * Issue 93, item 5: a name that is {@code null}, empty or blank (white space alone, a no-break space too) is an
     * account the guard cannot read, in every door, since which account a realm looks up for it is not known: under
     * {@code after-failures} a fresh client's first attempt needs a token, and its failures count on the client (and
     * the application) only. Failed on 9ca7ce49: {@code null} was no account and a blank name one that counted
     * nowhere, so each went on without a token while its client was below its limit.
     */
    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "  ", "\t", "\u00a0", " \u3000 "})
    void aNullEmptyOrBlankName_isAnAccountTheGuardCannotRead_andNeedsAToken(String name) throws Exception {
        WebLogin login = login(true, Mode.ENFORCE);

        assertEquals(LoginAccount.Unnamed.UNREADABLE, LoginAccount.named(name));
        LoginAnswer answer = login.decide(new LoginPostRequest("203.0.113.8", null), LoginAccount.named(name));
        assertInstanceOf(LoginAttempt.NeedsToken.class, answer.attempt());
        assertFalse(answer.proceeds());
        assertEquals(LoginAttempt.TOKEN_REQUIRED, answer.refusal().body().code());
        assertTrue(answer.needsToken());
    }

}
