package com.playtcha.jakarta.spi.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.playtcha.jakarta.core.Decision;
import com.playtcha.jakarta.core.FailMode;
import com.playtcha.jakarta.core.Mode;
import com.playtcha.jakarta.core.VerificationResult;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The envelope both integrations send is written without JSON-P (the web piece is the JDK and core only), so it is
 * pinned against what JSON-P writes for the same values, escapes included.
 */
class RejectionBodyTest {

    private static final JsonProvider JSON = JsonProvider.provider();

    @ParameterizedTest
    @ValueSource(strings = {"token_invalid", "quote\"back\\slash", "nl\ncr\rtab\tbs\bff\f", "ctl\u0001\u001f", "ünï/cødé ✓"})
    void envelope_isWhatJsonPWrites(String text) {
        VerificationResult withId = VerificationResult.Rejected.byPlaytcha(text, "never shown", "req-" + text, 200, null);
        VerificationResult withoutId = VerificationResult.Rejected.byPlaytcha(text, "never shown", null, 200, null);
        for (VerificationResult result : new VerificationResult[] {withId, withoutId}) {
            Decision decision = Decision.of(result, FailMode.OPEN, Mode.ENFORCE, 403);
            assertEquals(jsonP(result, decision), RejectionBody.of(result, decision).json());
        }
    }

    private static String jsonP(VerificationResult result, Decision decision) {
        JsonObjectBuilder error = JSON.createObjectBuilder().add("code", result.errorCode())
                .add("message", RejectionBody.message(result, decision));
        if (result.requestId() != null) {
            error.add("request_id", result.requestId());
        }
        return JSON.createObjectBuilder().add("error", error).build().toString();
    }
}
