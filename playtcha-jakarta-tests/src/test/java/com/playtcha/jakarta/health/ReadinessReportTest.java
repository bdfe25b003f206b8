package com.playtcha.jakarta.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.playtcha.jakarta.core.VerifierStatus;
import com.playtcha.jakarta.core.VerifierStatus.LocalFault;
import java.time.Instant;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every fault a built verifier can show leaves readiness UP, with the fault in the data: every
 * replica shares an operator's fault, and taking them all out of rotation would serve no one.
 * ({@code invalid_settings}, the one DOWN, is {@code ReadinessCheckMissingSecretTest}.)
 */
class ReadinessReportTest {

    @ParameterizedTest
    @ValueSource(strings = {LocalFault.BAD_SECRET, LocalFault.UNKNOWN_PROJECT, LocalFault.API_URL_NOT_FOUND,
        LocalFault.LEDGER_UNWRITABLE, LocalFault.LEDGER_FULL})
    void everyFaultOfABuiltVerifier_isUp_withTheFaultInTheData(String code) {
        Instant since = Instant.parse("2026-11-23T05:00:00Z");
        VerifierStatus status = VerifierStatus.builder().breaker(VerifierStatus.BreakerState.CLOSED, since).ledger(20, 20)
                .localFault(new LocalFault(code, since, "what to change")).build();

        HealthCheckResponse response = PlaytchaReadinessCheck.report(status);

        assertEquals(HealthCheckResponse.Status.UP, response.getStatus());
        Map<String, Object> data = response.getData().orElseThrow();
        assertEquals(code, data.get("fault"));
        assertEquals(since.toString(), data.get("faultSince"));
        assertEquals("what to change", data.get("faultMessage"));
    }
}
