package com.playtcha.jakarta.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.playtcha.jakarta.core.Decision;
import com.playtcha.jakarta.core.FailMode;
import com.playtcha.jakarta.core.Mode;
import com.playtcha.jakarta.core.VerificationResult;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.junit.jupiter.api.Test;

/**
 * Our own slowness is not Playtcha's: HttpClient's state failing before the deadline ({@code Endpoint not
 * acquired / already released}) and an exchange no thread started in time are {@code stalled}, source
 * {@code POOL} (blocked 503 with {@code Retry-After: 1} in both fail modes, never counted by the breaker);
 * the same exception after our deadline cancelled the post stays Playtcha's {@code timeout}.
 */
class FailureMappingTest {

    @Test
    void theClientsOwnStateFailing_beforeTheDeadline_isStalled_ourLoad() {
        VerificationResult.Unavailable result = FailureMapping.map(new IllegalStateException("Endpoint not acquired / already released"),
                false);

        assertEquals(VerificationResult.STALLED, result.code());
        assertEquals(VerificationResult.Source.POOL, result.source());
        Decision open = Decision.of(result, FailMode.OPEN, Mode.ENFORCE, 403);
        assertEquals(false, open.proceeds(), "never fails open");
        assertEquals(503, open.status());
        assertEquals(1, open.retryAfterSeconds());
        assertEquals(true, result.tokenSpent(), "the post may have reached Playtcha");
    }

    @Test
    void anExchangeNoThreadStartedInTime_isStalled_andSpendsNoToken() {
        assertEquals(VerificationResult.STALLED, FailureMapping.STARTED_LATE.code());
        assertEquals(VerificationResult.Source.POOL, FailureMapping.STARTED_LATE.source());
    }

    @Test
    void aCancelAtTheDeadline_isPlaytchasTimeout() {
        assertEquals(VerificationResult.TIMEOUT, FailureMapping.map(new IllegalStateException("Endpoint not acquired"), true).code());
        assertEquals(VerificationResult.TIMEOUT, FailureMapping.map(new ConnectionClosedException("Connection is closed"), true).code());
        assertEquals(VerificationResult.Source.NETWORK, FailureMapping.map(new ConnectionClosedException("closed"), true).source());
    }
}
