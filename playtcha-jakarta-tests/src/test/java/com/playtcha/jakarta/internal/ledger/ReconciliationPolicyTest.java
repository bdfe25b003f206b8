package com.playtcha.jakarta.internal.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.playtcha.jakarta.core.Reconciliation.Outcome;
import com.playtcha.jakarta.core.VerificationResult;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which re-verification answer settles a fail-open entry as what, row by row. "wait" means no
 * outcome: the entry is tried again. If a row here changes, what listeners hear changed.
 */
class ReconciliationPolicyTest {

    @ParameterizedTest(name = "{0} {1} status={2} retry-after={3} cause={4} posted-before={5} -> {6}, pause {7} ms")
    @CsvSource(delimiter = '|', textBlock = """
            # result    | code             | status | retry-after | cause        | posted | outcome   | pause-ms
            verified    | -                | 200    | -           | timeout      | false  | CONFIRMED | 0
            degraded    | -                | 200    | -           | timeout      | false  | CONFIRMED | 0
            verified    | -                | 200    | -           | circuit_open | true   | CONFIRMED | 0
            rejected    | token_invalid    | 401    | -           | timeout      | false  | REJECTED  | 0
            rejected    | unsuccessful     | 200    | -           | timeout      | false  | REJECTED  | 0
            rejected    | bad_secret       | 401    | -           | timeout      | false  | wait      | 0
            rejected    | unknown_project  | 404    | -           | timeout      | false  | wait      | 0
            rejected    | http_403         | 403    | -           | timeout      | false  | wait      | 0
            rejected    | http_418         | 418    | -           | timeout      | false  | wait      | 0
            rejected    | missing_token    | 0      | -           | timeout      | false  | wait      | 0
            rejected    | malformed_token  | 0      | -           | timeout      | false  | wait      | 0
            rejected    | already_redeemed | 0      | -           | timeout      | false  | wait      | 0
            rejected    | already_redeemed | 0      | -           | circuit_open | false  | wait      | 0
            rejected    | token_expired    | 410    | -           | timeout      | false  | EXPIRED   | 0
            rejected    | -                | 410    | -           | timeout      | false  | EXPIRED   | 0
            rejected    | http_410         | 410    | -           | timeout      | false  | wait      | 0
            rejected    | already_redeemed | 409    | -           | timeout      | false  | AMBIGUOUS | 0
            rejected    | already_redeemed | 409    | -           | timeout      | true   | AMBIGUOUS | 0
            rejected    | already_redeemed | 409    | -           | circuit_open | false  | REJECTED  | 0
            rejected    | already_redeemed | 409    | -           | circuit_open | true   | AMBIGUOUS | 0
            rejected    | already_redeemed | 409    | -           | db_error     | false  | AMBIGUOUS | 0
            rejected    | -                | 409    | -           | timeout      | false  | AMBIGUOUS | 0
            rejected    | -                | 409    | -           | circuit_open | false  | REJECTED  | 0
            rejected    | -                | 409    | -           | circuit_open | true   | AMBIGUOUS | 0
            rejected    | http_409         | 409    | -           | timeout      | false  | wait      | 0
            rejected    | rate_limited_ip  | 429    | PT7S        | timeout      | false  | wait      | 7000
            rejected    | rate_limited_ip  | 429    | PT60S       | timeout      | false  | wait      | 60000
            rejected    | rate_limited_ip  | 429    | PT1H        | timeout      | false  | wait      | 60000
            rejected    | rate_limited_ip  | 429    | PT2562047788015215H | timeout | false | wait | 60000
            rejected    | rate_limited_ip  | 429    | PT0.2S      | timeout      | false  | wait      | 1000
            rejected    | rate_limited_ip  | 429    | PT0S        | timeout      | false  | wait      | 1000
            rejected    | rate_limited_ip  | 429    | -           | timeout      | false  | wait      | 1000
            unavailable | db_error         | 500    | -           | timeout      | false  | wait      | 0
            unavailable | http_502         | 502    | -           | timeout      | false  | wait      | 0
            unavailable | http_503         | 503    | -           | circuit_open | true   | wait      | 0
            unavailable | timeout          | 0      | -           | timeout      | false  | wait      | 0
            unavailable | overloaded       | 0      | -           | timeout      | false  | wait      | 0
            unavailable | circuit_open     | 0      | -           | circuit_open | false  | wait      | 0
            unavailable | bad_response     | 200    | -           | timeout      | false  | wait      | 0
            unavailable | bad_response     | 302    | -           | timeout      | false  | wait      | 0
            unavailable | network_error    | 0      | -           | network_error| false  | wait      | 0
            """)
    void reconciliationTable(String kind, String code, int status, String retryAfter, String cause, boolean postedBefore,
            String outcome, long pauseMillis) {
        String playtchaCode = "-".equals(code) ? null : code;
        VerificationResult result = switch (kind) {
            case "verified" -> new VerificationResult.Verified(false, "req_1");
            case "degraded" -> new VerificationResult.Verified(true, "req_1");
            case "rejected" -> status == 0 ? VerificationResult.Rejected.local(playtchaCode, "m")
                    : VerificationResult.Rejected.byPlaytcha(playtchaCode, "m", "req_1", status,
                            "-".equals(retryAfter) ? null : Duration.parse(retryAfter));
            case "unavailable" -> status != 0 ? VerificationResult.Unavailable.byPlaytcha(playtchaCode, "m", null, status)
                    : VerificationResult.Unavailable.unanswered(ourSource(playtchaCode), playtchaCode, "m");
            default -> throw new IllegalArgumentException(kind);
        };

        Optional<Outcome> expected = "wait".equals(outcome) ? Optional.empty() : Optional.of(Outcome.valueOf(outcome));
        assertEquals(expected, ReconciliationPolicy.outcome(result, cause, postedBefore));
        assertEquals(pauseMillis, ReconciliationPolicy.pauseMillis(result));
    }

    /** A row with status 0 is one of our own parts' answers: the source its code comes from. */
    private static VerificationResult.Source ourSource(String code) {
        return switch (code) {
            case VerificationResult.OVERLOADED -> VerificationResult.Source.POOL;
            case VerificationResult.CIRCUIT_OPEN -> VerificationResult.Source.BREAKER;
            default -> VerificationResult.Source.NETWORK;
        };
    }
}
