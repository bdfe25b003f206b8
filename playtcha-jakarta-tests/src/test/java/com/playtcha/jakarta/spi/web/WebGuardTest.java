package com.playtcha.jakarta.spi.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.DecisionAttributes;
import com.playtcha.jakarta.core.DecisionEvent;
import com.playtcha.jakarta.core.FailMode;
import com.playtcha.jakarta.core.Mode;
import com.playtcha.jakarta.core.PlaytchaListener;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.Policy;
import com.playtcha.jakarta.core.TestSettings;
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.testing.Fault;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The web side both filters share, through a request of its own (a map of attributes and headers)
 * and a real verifier against the simulator: verified once per request, the attributes and the
 * ledger id's rule, the path without its parameters, the answer and the observe note.
 */
class WebGuardTest {

    @RegisterExtension
    static final PlaytchaSimulatorExtension PLAYTCHA = new PlaytchaSimulatorExtension();

    private static final Policy ENFORCE = new Policy(Mode.ENFORCE, FailMode.OPEN, 403);
    private static final Policy CLOSED = new Policy(Mode.ENFORCE, FailMode.CLOSED, 422);
    private static final Policy OBSERVE = new Policy(Mode.OBSERVE, FailMode.CLOSED, 403);

    private final PlaytchaSimulator sim = PLAYTCHA.simulator();
    private final List<DecisionEvent> heard = new CopyOnWriteArrayList<>();
    private PlaytchaVerifier verifier;

    @BeforeEach
    void start() {
        PlaytchaSettings settings = TestSettings.against(sim).build();
        verifier = PlaytchaVerifier.create(settings, new PlaytchaListener() {
            @Override
            public void decided(DecisionEvent event) {
                heard.add(event);
            }
        });
    }

    @AfterEach
    void stop() {
        verifier.close();
    }

    private WebGuard guard(Policy policy) {
        return new WebGuard("test", policy, () -> verifier);
    }

    @Test
    void verifiedToken_proceeds_withEveryAttribute_andNoneLeftOver() throws Exception {
        Request request = new Request("/signup", sim.mintToken());
        request.attributes.put(DecisionAttributes.ERROR_CODE, "left over");
        request.attributes.put(DecisionAttributes.LEDGER_ID, "left over");

        WebDecision decided = guard(ENFORCE).decide(request);

        assertTrue(decided.proceeds());
        assertNull(decided.rejection());
        assertNull(decided.observeNote());
        assertSame(decided.result(), request.attributes.get(DecisionAttributes.RESULT));
        assertEquals("verified", request.attributes.get(DecisionAttributes.OUTCOME));
        assertEquals(Boolean.FALSE, request.attributes.get(DecisionAttributes.DEGRADED));
        assertEquals(Boolean.FALSE, request.attributes.get(DecisionAttributes.FAILED_OPEN));
        assertFalse(request.attributes.containsKey(DecisionAttributes.ERROR_CODE), "removed, not left over");
        assertFalse(request.attributes.containsKey(DecisionAttributes.LEDGER_ID), "removed, not left over");
        assertNotNull(request.attributes.get(DecisionAttributes.REQUEST_ID));
        assertEquals(1, request.tokenReads);
    }

    @Test
    void theVerifiersAnswer_isTheOneValue_theDecisionTheEventAndTheAttributesRead() throws Exception {
        Request request = new Request("/signup", sim.mintToken());

        WebDecision decided = guard(ENFORCE).decide(request);

        assertSame(decided.verification(), heard.get(0).verification(), "the listener hears the answer the guard got");
        assertSame(decided.verification().decision(), decided.decision(), "this guard's call: its own decision");
        assertSame(decided.result(), heard.get(0).result());
        assertSame(decided.result(), request.attributes.get(DecisionAttributes.RESULT));
        assertEquals(decided.verification().heldLocally(), request.attributes.get(DecisionAttributes.HELD_LOCALLY));
        assertEquals(decided.tokenSpent(), request.attributes.get(DecisionAttributes.TOKEN_SPENT));
    }

    @Test
    void pathParameters_reachNeitherTheVerifierNorTheFilter() throws Exception {
        Request request = new Request("/app;jsessionid=ABC/signup;v=1", sim.mintToken());

        WebDecision decided = guard(ENFORCE).decide(request);

        assertEquals("/app/signup", decided.path());
        assertEquals(List.of("/app/signup"), heard.stream().map(DecisionEvent::path).toList());
        assertEquals(List.of("192.0.2.7"), heard.stream().map(DecisionEvent::remoteAddress).toList());
        assertEquals("/plain/path", WebGuard.path("/plain/path"));
        assertNull(WebGuard.path(null));
    }

    @Test
    void anEarlierResult_isReused_underThisPolicy_withoutLookingForTheToken_andKeepsItsLedgerId() throws Exception {
        sim.inject(Fault.serverError(503, "db_error"));
        Request request = new Request("/pay", sim.mintToken());
        WebDecision first = guard(ENFORCE).decide(request);
        Object ledgerId = request.attributes.get(DecisionAttributes.LEDGER_ID);
        assertTrue(first.proceeds(), "fail-open");
        assertNotNull(ledgerId, "recorded in the ledger");

        WebDecision second = guard(CLOSED).decide(request);

        assertFalse(second.proceeds(), "a strict filter behind a lenient one blocks");
        assertSame(first.result(), second.result());
        assertEquals(503, second.rejection().status());
        assertEquals(Boolean.FALSE, request.attributes.get(DecisionAttributes.FAILED_OPEN), "this filter's decision");
        assertEquals(ledgerId, request.attributes.get(DecisionAttributes.LEDGER_ID), "the first decision's");
        assertSame(first.verification(), second.verification(), "the first guard's answer, decided again");
        assertTrue(second.tokenSpent(), "held since the first filter let it on without a verdict");
        assertEquals(Boolean.TRUE, request.attributes.get(DecisionAttributes.TOKEN_SPENT));
        assertEquals(1, request.tokenReads, "the token was looked for once");
        assertEquals(1, sim.callCount(), "verified once");
        assertEquals(1, heard.size(), "heard once");
    }

    /** Only a guard's own verification is reused: a result attribute someone else set is no verdict. */
    @Test
    void aResultAttributeSetByAnyoneElse_isNotReused_theRequestIsVerified() throws Exception {
        Request request = new Request("/signup", null);
        request.attributes.put(DecisionAttributes.RESULT, new VerificationResult.Verified(false, "not-ours"));

        WebDecision decided = guard(ENFORCE).decide(request);

        assertFalse(decided.proceeds(), "verified: it carries no token");
        assertEquals(VerificationResult.MISSING_TOKEN, decided.result().errorCode());
        assertEquals(1, request.tokenReads);
        assertEquals(1, heard.size(), "the verifier decided it");
    }

    @Test
    void aBlockedRequest_getsTheJsonEnvelope_onlyWhenItPrefersJson() throws Exception {
        Request browser = new Request("/signup", null);
        browser.headers.put("Accept", "text/html,application/xhtml+xml,*/*;q=0.8");
        Request api = new Request("/signup", null);
        api.headers.put("Accept", "text/html;q=0.5,application/json");

        Rejection toBrowser = guard(ENFORCE).decide(browser).rejection();
        Rejection toApi = guard(ENFORCE).decide(api).rejection();

        assertEquals(new Rejection(403, Map.of(), null), toBrowser);
        assertEquals(403, toApi.status());
        assertEquals(Map.of("Cache-Control", "no-store"), toApi.headers());
        assertEquals("{\"error\":{\"code\":\"missing_token\",\"message\":\"The request carries no captcha token.\"}}",
                toApi.json());
        assertEquals(0, sim.callCount());
    }

    @Test
    void throttled_getsRetryAfter_inWholeSeconds() throws Exception {
        sim.inject(Fault.json(429, "{\"error\":{\"code\":\"rate_limited_ip\",\"message\":\"slow down\"}}")
                .withHeader("Retry-After", "7"));

        Rejection rejection = guard(ENFORCE).decide(new Request("/signup", sim.mintToken())).rejection();

        assertEquals(429, rejection.status());
        assertEquals(Map.of("Retry-After", "7"), rejection.headers());
        assertNull(rejection.json());
    }

    /** However long Playtcha asks for, a browser is told to wait no longer than a token lives. */
    @ParameterizedTest
    @ValueSource(strings = {"9999999999", "99999999999999999999", "Fri, 01 Jan 2100 00:00:00 GMT"})
    void throttledForAges_getsRetryAfterOfFiveMinutesAtMost(String asked) throws Exception {
        sim.inject(Fault.json(429, "{\"error\":{\"code\":\"rate_limited_ip\",\"message\":\"slow down\"}}")
                .withHeader("Retry-After", asked));

        Rejection rejection = guard(ENFORCE).decide(new Request("/signup", sim.mintToken())).rejection();

        assertEquals(429, rejection.status());
        assertEquals(Map.of("Retry-After", "300"), rejection.headers());
    }

    @Test
    void observeMode_letsItThrough_withANoteOfWhatEnforceWouldAnswer() throws Exception {
        WebDecision decided = guard(OBSERVE).decide(new Request("/signup;jsessionid=X", null));

        assertTrue(decided.proceeds());
        assertNull(decided.rejection());
        assertEquals("Playtcha observe mode: enforce would answer 403 [filter=test, code=missing_token, "
                + "request_id=null, uri=/signup]", decided.observeNote().line(0));
        assertEquals("Playtcha observe mode: enforce would answer 403 [filter=test, code=missing_token, "
                + "request_id=null, uri=/signup, count=7]", decided.observeNote().line(7), "the line due, with its count");
    }

    /** A request as a filter hands it over: attributes, headers, its path, address and token. */
    private static final class Request implements GuardedRequest {
        final Map<String, Object> attributes = new HashMap<>();
        final Map<String, String> headers = new HashMap<>();
        final String path;
        final String token;
        int tokenReads;

        Request(String path, String token) {
            this.path = path;
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
            return headers.get(name);
        }

        @Override
        public String rawPath() {
            return path;
        }

        @Override
        public String clientAddress() {
            return "192.0.2.7";
        }

        @Override
        public String token() {
            tokenReads++;
            return token;
        }
    }
}
