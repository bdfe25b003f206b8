package com.playtcha.jakarta.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.internal.ledger.ManualClock;
import jakarta.json.spi.JsonProvider;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The status-and-body rows of the decision table, without a server (the verifier tests repeat them over HTTP). */
class ReplyMappingTest {

    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
    private final ReplyMapping mapping = new ReplyMapping(JsonProvider.provider().createParserFactory(Map.of()), stoppedAt(NOW));

    private static ManualClock stoppedAt(Instant now) {
        ManualClock clock = new ManualClock();
        clock.advance(Duration.between(clock.instant(), now));
        return clock;
    }

    private VerificationResult map(int status, String body) {
        return map(status, null, body);
    }

    private VerificationResult map(int status, String retryAfter, String body) {
        return mapping.map(status, retryAfter, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void success_isVerified_withRequestId_ignoringUnknownFields() {
        VerificationResult result = map(200,
                "{\"success\":true,\"degraded\":false,\"request_id\":\"req_1\",\"hostname\":\"x\",\"extra\":{\"a\":[1]}}");

        assertEquals(new VerificationResult.Verified(false, "req_1"), result);
    }

    @Test
    void degradedSuccess_isVerifiedAndDegraded() {
        assertEquals(new VerificationResult.Verified(true, "req_2"),
                map(200, "{\"success\":true,\"degraded\":true,\"request_id\":\"req_2\"}"));
    }

    @Test
    void missingDegraded_meansNotDegraded() {
        assertEquals(new VerificationResult.Verified(false, null), map(200, "{\"success\":true}"));
    }

    /** What Parsson's own limits refuse (a 1,200-digit number, nesting past 1,000) is not JSON either. */
    static String[] bodiesBeyondParserLimits() {
        return new String[] {"{\"success\":true,\"n\":" + "9".repeat(1200) + "}",
                "{\"success\":true,\"deep\":" + "[".repeat(1500) + "]".repeat(1500) + "}"};
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("bodiesBeyondParserLimits")
    void bodyBeyondParserLimits_onA2xx_isBadResponse_andOnA4xx_stillRejected(String body) {
        assertEquals("bad_response", map(200, body).errorCode());
        VerificationResult rejected = map(401, body);
        assertInstanceOf(VerificationResult.Rejected.class, rejected);
        assertEquals("http_401", rejected.errorCode());
        assertEquals("rate_limited_ip", map(429, body).errorCode());
    }

    @ParameterizedTest
    @ValueSource(ints = {201, 204, 299})
    void any2xx_isReadTheSameWay(int status) {
        assertInstanceOf(VerificationResult.Verified.class, map(status, "{\"success\":true}"));
    }

    @Test
    void successFalse_withoutCode_isRejectedUnsuccessful() {
        VerificationResult result = map(200, "{\"success\":false,\"request_id\":\"req_3\"}");

        assertEquals("unsuccessful", result.errorCode());
        assertEquals("req_3", result.requestId());
        assertInstanceOf(VerificationResult.Rejected.class, result);
    }

    @Test
    void successFalse_withEnvelope_isRejectedWithTheEnvelopesCode() {
        VerificationResult result = map(200,
                "{\"success\":false,\"error\":{\"code\":\"token_invalid\",\"message\":\"bad\",\"request_id\":\"req_4\"}}");

        assertEquals(VerificationResult.Rejected.byPlaytcha("token_invalid", "bad", "req_4", 200, null), result);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not json", "<html>ok</html>", "[]", "[true]", "\"success\"", "null", "42",
            "{\"degraded\":false}", "{\"success\":\"true\"}", "{\"success\":1}", "{\"success\":null}",
            "{\"success\":true,\"degraded\":\"no\"}", "{\"success\":true,\"degraded\":null}", "{\"success\":true", "{\"success\":true}}", "{\"success\":true} {}",
            "{\"success\":true}\u0000"})
    void unreadable2xx_isUnavailableBadResponse(String body) {
        VerificationResult result = map(200, body);

        assertInstanceOf(VerificationResult.Unavailable.class, result);
        assertEquals("bad_response", result.errorCode());
    }

    @Test
    void oversized2xx_isUnavailableBadResponse() {
        VerificationResult result = mapping.map(200, null, null);

        assertEquals(VerificationResult.Unavailable.byPlaytcha("bad_response", "the reply is over 65536 bytes", null, 200), result);
    }

    @ParameterizedTest
    @CsvSource({
            "401, token_invalid", "401, bad_secret", "404, unknown_project", "409, already_redeemed",
            "410, token_expired", "400, invalid_request", "403, forbidden"})
    void status4xx_isRejectedWithPlaytchasCodeAndRequestId(int status, String code) {
        VerificationResult result = map(status,
                "{\"error\":{\"code\":\"" + code + "\",\"message\":\"why\",\"request_id\":\"req_5\",\"docs\":\"u\"}}");

        assertEquals(VerificationResult.Rejected.byPlaytcha(code, "why", "req_5", status, null), result);
    }

    /** Playtcha may send any code, ours included: what it sends is its own answer, and decided as one. */
    @ParameterizedTest
    @CsvSource({"400, client_rate_limited", "401, missing_token", "409, already_redeemed", "503, overloaded",
            "500, circuit_open", "502, timeout"})
    void aReplyNamingOneOfOurCodes_isStillPlaytchas(int status, String code) {
        VerificationResult result = map(status, "{\"error\":{\"code\":\"" + code + "\",\"message\":\"m\"}}");

        assertEquals(code, result.errorCode());
        assertEquals(VerificationResult.Source.PLAYTCHA, result.source());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "401 | <html>401</html>", "404 | ", "418 | {\"error\":\"teapot\"}", "422 | {\"error\":{\"message\":\"no code\"}}"})
    void status4xx_withoutEnvelopeCode_isRejectedHttpStatus(int status, String body) {
        VerificationResult result = map(status, body == null ? "" : body);

        assertInstanceOf(VerificationResult.Rejected.class, result);
        assertEquals("http_" + status, result.errorCode());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "30                            | PT30S",
            "0                             | PT0S",
            "Sat, 21 Nov 2026 10:00:07 GMT | PT7S",
            "Sat, 21 Nov 2026 09:59:00 GMT | PT0S",
            "Saturday, 21-Nov-26 10:00:09 GMT | PT9S",
            "Sunday, 06-Nov-94 08:49:37 GMT   | PT0S",
            "Thursday, 21-Nov-75 10:00:00 GMT | PT5M",
            "Sat Nov 21 10:00:11 2026      | PT11S",
            "soon                          | ",
            "-5                            | ",
            "1e3                           | ",
            "300                           | PT5M",
            "301                           | PT5M",
            "9999999999                    | PT5M",
            "99999999999999999999999999999 | PT5M",
            "Sat, 21 Nov 2026 10:04:59 GMT | PT4M59S",
            "Sat, 21 Nov 2026 10:05:01 GMT | PT5M",
            "Fri, 21 Nov 2036 10:00:00 GMT | PT5M",
            "Fri Nov 21 10:00:00 2036      | PT5M"})
    void status429_carriesRetryAfter_asSecondsOrHttpDate_atMostFiveMinutes(String header, String expected) {
        VerificationResult result = map(429, header,
                "{\"error\":{\"code\":\"rate_limited_ip\",\"message\":\"slow down\",\"request_id\":\"req_6\"}}");

        Duration wait = expected == null ? null : Duration.parse(expected);
        assertEquals(VerificationResult.Rejected.byPlaytcha("rate_limited_ip", "slow down", "req_6", 429, wait), result);
    }

    @Test
    void status429_withoutEnvelopeOrHeader_isRateLimitedWithoutRetryAfter() {
        VerificationResult.Rejected result = (VerificationResult.Rejected) map(429, "Too Many Requests");

        assertEquals("rate_limited_ip", result.code());
        assertNull(result.retryAfter());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "500 | {\"error\":{\"code\":\"db_error\",\"message\":\"m\",\"request_id\":\"req_7\"}} | db_error | req_7",
            "503 | <html><body>Service Unavailable</body></html>                                  | http_503 | ",
            "502 |                                                                                 | http_502 | ",
            "599 | {}                                                                              | http_599 | "})
    void status5xx_isUnavailable_withPlaytchasCodeElseHttpStatus(int status, String body, String code, String requestId) {
        VerificationResult result = map(status, body == null ? "" : body);

        assertInstanceOf(VerificationResult.Unavailable.class, result);
        assertEquals(code, result.errorCode());
        assertEquals(requestId, result.requestId());
    }

    @ParameterizedTest
    @ValueSource(ints = {301, 302, 303, 307, 308, 100, 199, 600, 999})
    void redirectOrStatusOutside200to599_isUnavailableBadResponse(int status) {
        VerificationResult result = map(status, "{\"success\":true}");

        assertInstanceOf(VerificationResult.Unavailable.class, result);
        assertEquals("bad_response", result.errorCode());
    }

    /** Read as a tree would read them: the last of a repeated key counts, and nested objects are walked past. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"success\":false,\"success\":true}|verified|",
        "{\"success\":true,\"success\":{\"a\":1}}|unavailable|bad_response",
        "{\"success\":true,\"degraded\":true,\"degraded\":[1]}|unavailable|bad_response",
        "{\"x\":{\"success\":false,\"error\":{\"code\":\"inner\"}},\"success\":true,\"y\":[{\"z\":[1.5e3,null]}]}|verified|",
        "{\"success\":false,\"error\":{\"code\":\"first\"},\"error\":{\"message\":\"m\"}}|rejected|unsuccessful",
        "{\"success\":false,\"error\":\"token_invalid\"}|rejected|unsuccessful",
        "{\"success\":false,\"error\":{\"code\":\" \",\"detail\":{\"code\":\"deep\"}}}|rejected|unsuccessful",
        "{\"success\":false,\"error\":{\"code\":\"token_invalid\",\"code\":7}}|rejected|unsuccessful",
    })
    void repeatedAndNestedFields_countAsInATree(String body, String kind, String code) {
        VerificationResult result = map(200, body);

        assertEquals(kind, result.outcome());
        assertEquals(code, result.errorCode());
    }
}
