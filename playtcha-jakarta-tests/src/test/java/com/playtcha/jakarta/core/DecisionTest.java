package com.playtcha.jakarta.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The decision table (docs/behaviour.md), row by row, in every fail mode and mode. If a row here
 * changes, the contract changed. The rows are told apart by the result's source, never by its code:
 * Playtcha may send {@code client_rate_limited} or {@code overloaded} itself, and those are its own.
 */
class DecisionTest {

    private static final int REJECT_STATUS = 403;

    @ParameterizedTest(name = "{0} {1} from {2} status={3} retry-after={4} {5} {6} -> proceeds={7} status={8} retry={9} failedOpen={10}")
    @CsvSource(delimiter = '|', textBlock = """
            # result    | code                | source        | upstream | retry-after | fail   | mode    | proceeds | status | retry | failed-open
            verified    | -                   | PLAYTCHA      | 200      | -           | OPEN   | ENFORCE | true     | 0      | 0     | false
            verified    | -                   | PLAYTCHA      | 200      | -           | CLOSED | ENFORCE | true     | 0      | 0     | false
            verified    | -                   | PLAYTCHA      | 200      | -           | OPEN   | OBSERVE | true     | 0      | 0     | false
            verified    | -                   | PLAYTCHA      | 200      | -           | CLOSED | OBSERVE | true     | 0      | 0     | false
            degraded    | -                   | PLAYTCHA      | 200      | -           | OPEN   | ENFORCE | true     | 0      | 0     | false
            degraded    | -                   | PLAYTCHA      | 200      | -           | CLOSED | ENFORCE | true     | 0      | 0     | false
            rejected    | missing_token       | LOCAL         | 0        | -           | OPEN   | ENFORCE | false    | 403    | 0     | false
            rejected    | missing_token       | LOCAL         | 0        | -           | CLOSED | ENFORCE | false    | 403    | 0     | false
            rejected    | missing_token       | LOCAL         | 0        | -           | OPEN   | OBSERVE | true     | 403    | 0     | false
            rejected    | malformed_token     | LOCAL         | 0        | -           | CLOSED | ENFORCE | false    | 403    | 0     | false
            rejected    | unsuccessful        | PLAYTCHA      | 200      | -           | OPEN   | ENFORCE | false    | 403    | 0     | false
            rejected    | token_invalid       | PLAYTCHA      | 401      | -           | OPEN   | ENFORCE | false    | 403    | 0     | false
            rejected    | token_invalid       | PLAYTCHA      | 401      | -           | CLOSED | ENFORCE | false    | 403    | 0     | false
            rejected    | bad_secret          | PLAYTCHA      | 401      | -           | OPEN   | ENFORCE | false    | 403    | 0     | false
            rejected    | unknown_project     | PLAYTCHA      | 404      | -           | OPEN   | ENFORCE | false    | 403    | 0     | false
            rejected    | already_redeemed    | PLAYTCHA      | 409      | -           | OPEN   | ENFORCE | false    | 403    | 0     | false
            rejected    | already_redeemed    | PLAYTCHA      | 409      | -           | CLOSED | OBSERVE | true     | 403    | 0     | false
            rejected    | token_expired       | PLAYTCHA      | 410      | -           | CLOSED | ENFORCE | false    | 403    | 0     | false
            rejected    | http_418            | PLAYTCHA      | 418      | -           | OPEN   | ENFORCE | false    | 403    | 0     | false
            rejected    | rate_limited_ip     | PLAYTCHA      | 429      | PT30S       | OPEN   | ENFORCE | false    | 429    | 30    | false
            rejected    | rate_limited_ip     | PLAYTCHA      | 429      | PT30S       | CLOSED | ENFORCE | false    | 429    | 30    | false
            rejected    | rate_limited_ip     | PLAYTCHA      | 429      | PT1.2S      | OPEN   | ENFORCE | false    | 429    | 2     | false
            rejected    | rate_limited_ip     | PLAYTCHA      | 429      | PT0S        | OPEN   | ENFORCE | false    | 429    | 1     | false
            rejected    | rate_limited_ip     | PLAYTCHA      | 429      | -           | OPEN   | ENFORCE | false    | 429    | 1     | false
            rejected    | rate_limited_ip     | PLAYTCHA      | 429      | PT30S       | OPEN   | OBSERVE | true     | 429    | 30    | false
            rejected    | client_rate_limited | CLIENT_BUDGET | 0        | PT0.5S      | OPEN   | ENFORCE | false    | 429    | 1     | false
            rejected    | client_rate_limited | CLIENT_BUDGET | 0        | PT29.2S     | CLOSED | ENFORCE | false    | 429    | 30    | false
            rejected    | client_rate_limited | CLIENT_BUDGET | 0        | PT0.000001S | OPEN   | ENFORCE | false    | 429    | 1     | false
            rejected    | client_rate_limited | CLIENT_BUDGET | 0        | PT2S        | OPEN   | OBSERVE | true     | 429    | 2     | false
            rejected    | client_rate_limited | CLIENT_BUDGET | 0        | PT2S        | CLOSED | OBSERVE | true     | 429    | 2     | false
            rejected    | client_rate_limited | PLAYTCHA      | 401      | -           | OPEN   | ENFORCE | false    | 403    | 0     | false
            rejected    | already_redeemed    | LOCAL         | 0        | -           | OPEN   | ENFORCE | false    | 403    | 0     | false
            rejected    | client_rate_limited | PLAYTCHA      | 400      | -           | OPEN   | ENFORCE | false    | 403    | 0     | false
            rejected    | client_rate_limited | PLAYTCHA      | 400      | PT30S       | CLOSED | ENFORCE | false    | 403    | 0     | false
            rejected    | client_rate_limited | PLAYTCHA      | 200      | -           | OPEN   | ENFORCE | false    | 403    | 0     | false
            rejected    | client_rate_limited | PLAYTCHA      | 429      | PT5S        | OPEN   | ENFORCE | false    | 429    | 5     | false
            unavailable | db_error            | PLAYTCHA      | 500      | -           | OPEN   | ENFORCE | true     | 0      | 0     | true
            unavailable | db_error            | PLAYTCHA      | 500      | -           | CLOSED | ENFORCE | false    | 503    | 0     | false
            unavailable | http_502            | PLAYTCHA      | 502      | -           | OPEN   | ENFORCE | true     | 0      | 0     | true
            unavailable | timeout             | NETWORK       | 0        | -           | OPEN   | ENFORCE | true     | 0      | 0     | true
            unavailable | timeout             | NETWORK       | 0        | -           | CLOSED | ENFORCE | false    | 503    | 0     | false
            unavailable | network_error       | NETWORK       | 0        | -           | OPEN   | ENFORCE | true     | 0      | 0     | true
            unavailable | network_error       | NETWORK       | 0        | -           | CLOSED | ENFORCE | false    | 503    | 0     | false
            unavailable | bad_response        | PLAYTCHA      | 200      | -           | OPEN   | ENFORCE | true     | 0      | 0     | true
            unavailable | bad_response        | PLAYTCHA      | 302      | -           | CLOSED | ENFORCE | false    | 503    | 0     | false
            unavailable | circuit_open        | BREAKER       | 0        | -           | OPEN   | ENFORCE | true     | 0      | 0     | true
            unavailable | circuit_open        | BREAKER       | 0        | -           | CLOSED | ENFORCE | false    | 503    | 0     | false
            unavailable | circuit_open        | BREAKER       | 0        | -           | CLOSED | OBSERVE | true     | 503    | 0     | true
            unavailable | timeout             | NETWORK       | 0        | -           | OPEN   | OBSERVE | true     | 0      | 0     | true
            unavailable | overloaded          | POOL          | 0        | -           | OPEN   | ENFORCE | false    | 503    | 1     | false
            unavailable | overloaded          | POOL          | 0        | -           | CLOSED | ENFORCE | false    | 503    | 1     | false
            unavailable | overloaded          | POOL          | 0        | -           | OPEN   | OBSERVE | true     | 503    | 1     | true
            unavailable | overloaded          | POOL          | 0        | -           | CLOSED | OBSERVE | true     | 503    | 1     | true
            unavailable | stalled             | POOL          | 0        | -           | OPEN   | ENFORCE | false    | 503    | 1     | false
            unavailable | stalled             | POOL          | 0        | -           | CLOSED | ENFORCE | false    | 503    | 1     | false
            unavailable | stalled             | POOL          | 0        | -           | OPEN   | OBSERVE | true     | 503    | 1     | true
            unavailable | overloaded          | PLAYTCHA      | 503      | -           | OPEN   | ENFORCE | true     | 0      | 0     | true
            unavailable | overloaded          | PLAYTCHA      | 503      | -           | CLOSED | ENFORCE | false    | 503    | 0     | false
            unavailable | overloaded          | PLAYTCHA      | 503      | -           | CLOSED | OBSERVE | true     | 503    | 0     | true
            unavailable | timeout             | NETWORK       | 0        | -           | CLOSED | OBSERVE | true     | 503    | 0     | true
            """)
    void decisionTable(String kind, String code, VerificationResult.Source source, int upstream, String retryAfter,
            FailMode failMode, Mode mode, boolean proceeds, int status, long retry, boolean failedOpen) {
        VerificationResult result = switch (kind) {
            case "verified" -> new VerificationResult.Verified(false, "req_1");
            case "degraded" -> new VerificationResult.Verified(true, "req_1");
            case "rejected" -> new VerificationResult.Rejected(code, "m", null, upstream,
                    "-".equals(retryAfter) ? null : Duration.parse(retryAfter), source);
            case "unavailable" -> new VerificationResult.Unavailable(code, "m", null, upstream, source);
            default -> throw new IllegalArgumentException(kind);
        };

        Decision decision = Decision.of(result, failMode, mode, REJECT_STATUS);

        assertEquals(source, result.source());
        assertEquals(new Decision(proceeds, status, retry, failedOpen), decision);
        assertEquals(decision, Decision.of(result, new Policy(mode, failMode, REJECT_STATUS)), "the same under a Policy");
    }

    @ParameterizedTest
    @CsvSource({"400", "422", "451"})
    void rejectedToken_isBlockedWithTheConfiguredStatus(int rejectStatus) {
        Decision decision = Decision.of(VerificationResult.Rejected.byPlaytcha("token_expired", "m", null, 410, null),
                FailMode.OPEN, Mode.ENFORCE, rejectStatus);

        assertEquals(rejectStatus, decision.status());
    }

    @ParameterizedTest
    @CsvSource({"200", "302", "399", "500", "503"})
    void aPolicy_refusesAStatusThatIsNoClientError_namingTheSetting(int rejectStatus) {
        InvalidSettingException refused = assertThrows(InvalidSettingException.class,
                () -> new Policy(Mode.ENFORCE, FailMode.OPEN, rejectStatus));

        assertTrue(refused.getMessage().contains("playtcha.reject-status"), refused::getMessage);
    }

    @ParameterizedTest
    @CsvSource({"ENFORCE, OPEN, 403", "OBSERVE, CLOSED, 422"})
    void thePolicyOfSettings_isTheirModeFailModeAndRejectStatus(Mode mode, FailMode failMode, int rejectStatus) {
        PlaytchaSettings settings = PlaytchaSettings.builder("sk_test_policy").mode(mode).failMode(failMode)
                .rejectStatus(rejectStatus).build();

        assertEquals(new Policy(mode, failMode, rejectStatus), Policy.of(settings));
    }
}
