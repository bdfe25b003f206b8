package com.playtcha.jakarta.internal.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.DecisionAttributes;
import com.playtcha.jakarta.core.Mode;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.Policy;
import com.playtcha.jakarta.core.Scenario;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

    @AfterEach
    void stop() {
        verifier.close();
    }

    private LoginPolicy policy(boolean afterFailures, Mode mode) {
        PlaytchaSettings settings = PlaytchaSettings.builder(sim.secret()).apiUrl(sim.url()).timeout(Scenario.TIMEOUT)
                .loginAfterFailures(afterFailures).mode(mode).build();
        verifier = PlaytchaVerifier.create(settings);
        return new LoginPolicy(settings, new WebGuard("login", Policy.of(settings), () -> verifier), LoginPolicy.countsOf(() -> verifier));
    }

    /** Three failures of {@code account}, reported as a hook reports them. */
    private static void failThrice(LoginPolicy policy, String account) throws Exception {
        for (int i = 0; i < 3; i++) {
            policy.decide(new Request("198.51.100.1", null), account).outcome().accept(Boolean.FALSE);
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
        LoginPolicy policy = policy(require.equals("after-failures"), mode);
        if (reached) {
            failThrice(policy, "alice");
        }
        sim.reset();
        String sent = switch (token) {
            case "valid" -> sim.mintToken();
            case "junk" -> "ptk_default_forged";
            default -> null;
        };
        Request request = new Request("203.0.113.5", sent);

        LoginPolicy.Attempt attempt = policy.decide(request, "Alice");

        assertEquals(goesOn, attempt.proceeds());
        assertEquals(goesOn, !(attempt instanceof LoginPolicy.Attempt.Refused));
        assertEquals(!pageTold, attempt instanceof LoginPolicy.Attempt.Admitted, "went on without a token: admitted");
        WebDecision decided = attempt instanceof LoginPolicy.Attempt.Verified verified ? verified.decision()
                : attempt instanceof LoginPolicy.Attempt.Refused refused ? refused.decision() : null;
        assertEquals(code, decided == null ? null : decided.result().errorCode());
        assertEquals(asksPlaytcha ? 1 : 0, sim.callCount());
        assertEquals(spent, attempt.tokenSpent());
        assertEquals(spent, request.attributes.get(DecisionAttributes.TOKEN_SPENT));
        assertEquals(pageTold, attempt.needsToken());
        assertEquals(counted, attempt.outcome() != null);
        if (attempt instanceof LoginPolicy.Attempt.Refused refused) {
            assertEquals("true", refused.rejection().headers().get(LoginPolicy.NEEDS_TOKEN_HEADER));
        }
    }

    @Test
    void aValidTokenAndTheRightPassword_alwaysLogIn_andTheSuccessClearsNothing() throws Exception {
        LoginPolicy policy = policy(true, Mode.ENFORCE);
        failThrice(policy, "alice");

        LoginPolicy.Attempt withToken = policy.decide(new Request("203.0.113.5", sim.mintToken()), "alice");
        assertTrue(withToken.proceeds(), "never a lockout");
        withToken.outcome().accept(Boolean.TRUE);
        withToken.outcome().accept(Boolean.FALSE); // a second report is ignored

        LoginPolicy.Attempt next = policy.decide(new Request("203.0.113.5", null), "alice");
        assertFalse(next.proceeds(), "the success cleared nothing (issue 49): alice answers as any name at its limit");
        assertTrue(next.needsToken());
        assertNull(next.outcome());
    }

    @Test
    void aSecondClient_isUnaffected_untilTheAccountsThreshold() throws Exception {
        LoginPolicy policy = policy(true, Mode.ENFORCE);
        for (int i = 0; i < 2; i++) {
            policy.decide(new Request("198.51.100.1", null), "alice").outcome().accept(Boolean.FALSE);
        }
        assertFalse(policy.needsToken("alice", "203.0.113.5"));
        policy.decide(new Request("198.51.100.1", null), "alice").outcome().accept(Boolean.FALSE);

        assertTrue(policy.needsToken("alice", "203.0.113.5"));
        assertFalse(policy.needsToken(null, "203.0.113.5"), "the login page of the second client, no account known");
        assertFalse(policy.needsToken("bob", "203.0.113.5"));
    }

    @Test
    void aVerifierThatKeepsNoCounts_asksEveryAttemptForAToken() throws Exception {
        PlaytchaSettings settings = PlaytchaSettings.builder(sim.secret()).apiUrl(sim.url()).timeout(Scenario.TIMEOUT)
                .loginAfterFailures(true).build();
        verifier = PlaytchaVerifier.create(settings);
        PlaytchaVerifier stub = new PlaytchaVerifier() { // an application's own, over the library's: no counts of its own
            @Override
            public com.playtcha.jakarta.core.Policy policy() {
                return verifier.policy();
            }

            @Override
            public com.playtcha.jakarta.core.Verification verify(String token, String clientAddress, String path, Policy policy) {
                return verifier.verify(token, clientAddress, path, policy);
            }

            @Override
            public com.playtcha.jakarta.core.VerificationResult ask(String token) {
                return verifier.ask(token);
            }

            @Override
            public void addListener(com.playtcha.jakarta.core.PlaytchaListener listener) {
            }

            @Override
            public boolean removeListener(com.playtcha.jakarta.core.PlaytchaListener listener) {
                return false;
            }

            @Override
            public void close() {
            }
        };
        LoginPolicy policy = new LoginPolicy(settings, new WebGuard("login", Policy.of(settings), () -> stub),
                LoginPolicy.countsOf(() -> stub));

        LoginPolicy.Attempt attempt = policy.decide(new Request("203.0.113.5", null), "alice");

        LoginPolicy.Attempt.Refused refused = assertInstanceOf(LoginPolicy.Attempt.Refused.class, attempt);
        assertEquals("missing_token", refused.decision().result().errorCode(), "decided as under login.require=always");
        assertTrue(policy.needsToken("alice", "203.0.113.5"));
    }

    @Test
    void aRefusedLogin_tellsThePage_inAFieldOfItsBody() throws Exception {
        LoginPolicy policy = policy(true, Mode.ENFORCE);
        failThrice(policy, "alice");
        LoginPolicy.Attempt.Refused refused = assertInstanceOf(LoginPolicy.Attempt.Refused.class,
                policy.decide(new Request("203.0.113.5", null), "alice"));

        assertEquals(Boolean.TRUE, refused.rejection().body().loginNeedsToken());
        assertEquals("{\"error\":{\"code\":\"token_required\",\"message\":\"" + refused.rejection().body().message()
                + "\",\"login_needs_token\":true}}", refused.rejection().json());
    }

    /** A login post as a filter hands it over: attributes in a map, a token, a client address. */
    private static final class Request implements GuardedRequest {
        final Map<String, Object> attributes = new HashMap<>();
        final String client;
        final String token;

        Request(String client, String token) {
            this.client = client;
            this.token = token;
        }

        @Override
        public Object attribute(String name) {
            return attributes.get(name);
        }

        @Override
        public void attribute(String name, Object value) {
            if (value == null) {
                attributes.remove(name);
            } else {
                attributes.put(name, value);
            }
        }

        @Override
        public String header(String name) {
            return "Accept".equals(name) ? "application/json" : null;
        }

        @Override
        public String rawPath() {
            return "/j_security_check";
        }

        @Override
        public String clientAddress() {
            return client;
        }

        @Override
        public String token() {
            return token;
        }
    }
}
