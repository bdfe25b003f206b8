package com.playtcha.jakarta.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The decision table (docs/behaviour.md), row by row, in every fail mode and mode. If a row here
 * changes, the contract changed.
 */
class DecisionTest {

    private static final int REJECT_STATUS = 403;

    @ParameterizedTest(name = "{0} {1} status={2} retry-after={3} {4} {5} -> proceeds={6} status={7} retry={8} failedOpen={9}")
    @CsvSource(delimiter = '|', textBlock = """
            # result    | code             | upstream | retry-after | fail   | mode    | proceeds | status | retry | failed-open
            verified    | -                | 200      | -           | OPEN   | ENFORCE | true     | 0      | 0     | false
            verified    | -                | 200      | -           | CLOSED | ENFORCE | true     | 0      | 0     | false
            verified    | -                | 200      | -           | OPEN   | OBSERVE | true     | 0      | 0     | false
            verified    | -                | 200      | -           | CLOSED | OBSERVE | true     | 0      | 0     | false
            degraded    | -                | 200      | -           | OPEN   | ENFORCE | true     | 0      | 0     | false
            degraded    | -                | 200      | -           | CLOSED | ENFORCE | true     | 0      | 0     | false
            rejected    | missing_token    | 0        | -           | OPEN   | ENFORCE | false    | 403    | 0     | false
            rejected    | missing_token    | 0        | -           | CLOSED | ENFORCE | false    | 403    | 0     | false
            rejected    | missing_token    | 0        | -           | OPEN   | OBSERVE | true     | 403    | 0     | false
            rejected    | malformed_token  | 0        | -           | CLOSED | ENFORCE | false    | 403    | 0     | false
            rejected    | unsuccessful     | 200      | -           | OPEN   | ENFORCE | false    | 403    | 0     | false
            rejected    | token_invalid    | 401      | -           | OPEN   | ENFORCE | false    | 403    | 0     | false
            rejected    | token_invalid    | 401      | -           | CLOSED | ENFORCE | false    | 403    | 0     | false
            rejected    | bad_secret       | 401      | -           | OPEN   | ENFORCE | false    | 403    | 0     | false
            rejected    | unknown_project  | 404      | -           | OPEN   | ENFORCE | false    | 403    | 0     | false
            rejected    | already_redeemed | 409      | -           | OPEN   | ENFORCE | false    | 403    | 0     | false
            rejected    | already_redeemed | 409      | -           | CLOSED | OBSERVE | true     | 403    | 0     | false
            rejected    | token_expired    | 410      | -           | CLOSED | ENFORCE | false    | 403    | 0     | false
            rejected    | http_418         | 418      | -           | OPEN   | ENFORCE | false    | 403    | 0     | false
            rejected    | rate_limited_ip  | 429      | PT30S       | OPEN   | ENFORCE | false    | 429    | 30    | false
            rejected    | rate_limited_ip  | 429      | PT30S       | CLOSED | ENFORCE | false    | 429    | 30    | false
            rejected    | rate_limited_ip  | 429      | PT1.2S      | OPEN   | ENFORCE | false    | 429    | 2     | false
            rejected    | rate_limited_ip  | 429      | PT0S        | OPEN   | ENFORCE | false    | 429    | 1     | false
            rejected    | rate_limited_ip  | 429      | -           | OPEN   | ENFORCE | false    | 429    | 1     | false
            rejected    | rate_limited_ip  | 429      | PT30S       | OPEN   | OBSERVE | true     | 429    | 30    | false
            rejected    | client_rate_limited | 0     | PT0.5S      | OPEN   | ENFORCE | false    | 429    | 1     | false
            rejected    | client_rate_limited | 0     | PT29.2S     | CLOSED | ENFORCE | false    | 429    | 30    | false
            rejected    | client_rate_limited | 0     | PT0.000001S | OPEN   | ENFORCE | false    | 429    | 1     | false
            rejected    | client_rate_limited | 0     | PT2S        | OPEN   | OBSERVE | true     | 429    | 2     | false
            rejected    | client_rate_limited | 0     | PT2S        | CLOSED | OBSERVE | true     | 429    | 2     | false
            rejected    | client_rate_limited | 401   | -           | OPEN   | ENFORCE | false    | 403    | 0     | false
            unavailable | db_error         | 500      | -           | OPEN   | ENFORCE | true     | 0      | 0     | true
            unavailable | db_error         | 500      | -           | CLOSED | ENFORCE | false    | 503    | 0     | false
            unavailable | http_502         | 502      | -           | OPEN   | ENFORCE | true     | 0      | 0     | true
            unavailable | timeout          | 0        | -           | OPEN   | ENFORCE | true     | 0      | 0     | true
            unavailable | timeout          | 0        | -           | CLOSED | ENFORCE | false    | 503    | 0     | false
            unavailable | network_error    | 0        | -           | OPEN   | ENFORCE | true     | 0      | 0     | true
            unavailable | network_error    | 0        | -           | CLOSED | ENFORCE | false    | 503    | 0     | false
            unavailable | bad_response     | 200      | -           | OPEN   | ENFORCE | true     | 0      | 0     | true
            unavailable | bad_response     | 302      | -           | CLOSED | ENFORCE | false    | 503    | 0     | false
            unavailable | circuit_open     | 0        | -           | OPEN   | ENFORCE | true     | 0      | 0     | true
            unavailable | circuit_open     | 0        | -           | CLOSED | ENFORCE | false    | 503    | 0     | false
            unavailable | circuit_open     | 0        | -           | CLOSED | OBSERVE | true     | 503    | 0     | true
            unavailable | timeout          | 0        | -           | OPEN   | OBSERVE | true     | 0      | 0     | true
            unavailable | overloaded       | 0        | -           | OPEN   | ENFORCE | false    | 503    | 1     | false
            unavailable | overloaded       | 0        | -           | CLOSED | ENFORCE | false    | 503    | 1     | false
            unavailable | overloaded       | 0        | -           | OPEN   | OBSERVE | true     | 503    | 1     | true
            unavailable | overloaded       | 0        | -           | CLOSED | OBSERVE | true     | 503    | 1     | true
            unavailable | timeout          | 0        | -           | CLOSED | OBSERVE | true     | 503    | 0     | true
            """)
    void decisionTable(String kind, String code, int upstream, String retryAfter, FailMode failMode, Mode mode,
            boolean proceeds, int status, long retry, boolean failedOpen) {
        VerificationResult result = switch (kind) {
            case "verified" -> new VerificationResult.Verified(false, "req_1");
            case "degraded" -> new VerificationResult.Verified(true, "req_1");
            case "rejected" -> new VerificationResult.Rejected(code, "m", null, upstream,
                    "-".equals(retryAfter) ? null : Duration.parse(retryAfter));
            case "unavailable" -> new VerificationResult.Unavailable(code, "m", null, upstream);
            default -> throw new IllegalArgumentException(kind);
        };

        Decision decision = Decision.of(result, failMode, mode, REJECT_STATUS);

        assertEquals(new Decision(proceeds, status, retry, failedOpen), decision);
        assertEquals(decision, Decision.of(result, new Policy(mode, failMode, REJECT_STATUS)), "the same under a Policy");
    }

    @ParameterizedTest
    @CsvSource({"400", "422", "451"})
    void rejectedToken_isBlockedWithTheConfiguredStatus(int rejectStatus) {
        Decision decision = Decision.of(new VerificationResult.Rejected("token_expired", "m", null, 410, null),
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
