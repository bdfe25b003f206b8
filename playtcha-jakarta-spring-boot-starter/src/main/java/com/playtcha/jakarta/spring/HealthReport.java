package com.playtcha.jakarta.spring;

import com.playtcha.jakarta.core.DecisionEvent;
import com.playtcha.jakarta.core.InvalidSettingException;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.VerifierStatus;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the {@code playtcha} health indicator says on either Spring Boot line, with the readiness
 * check's meaning and data (docs/observability.md): DOWN only while the verifier cannot be built
 * ({@code fault: invalid_settings} and the key in {@code setting}); UP otherwise, with the status as
 * details and a local fault among them. Reads {@link PlaytchaVerifier#status()} only: nothing remote,
 * never the secret.
 *
 * @param up      whether UP
 * @param details the details, in the readiness check's names
 */
record HealthReport(boolean up, Map<String, Object> details) {

    static HealthReport of(Supplier<PlaytchaVerifier> verifier) {
        VerifierStatus status;
        try {
            status = verifier.get().status();
        } catch (RuntimeException e) {
            InvalidSettingException invalid = invalidSetting(e);
            if (invalid == null) {
                throw e;
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("fault", "invalid_settings");
            details.put("setting", invalid.setting() == null ? "unknown" : invalid.setting().key());
            return new HealthReport(false, details);
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("breaker", status.breaker().name().toLowerCase(Locale.ROOT));
        details.put("consecutiveFailures", status.consecutiveFailures());
        details.put("ledgerOpen", status.ledgerOpen());
        details.put("ledgerCapacity", status.ledgerCapacity());
        details.put("failedOpen", status.decisions(DecisionEvent.Kind.FAILED_OPEN));
        if (status.breakerSince() != null) {
            details.put("breakerSince", status.breakerSince().toString());
        }
        if (status.lastVerdict() != null) {
            details.put("lastVerdict", status.lastVerdict().toString());
        }
        VerifierStatus.LocalFault fault = status.localFault();
        if (fault != null) {
            details.put("fault", fault.code());
            details.put("faultSince", fault.since().toString());
            details.put("faultMessage", fault.message());
        }
        return new HealthReport(true, details);
    }

    private static InvalidSettingException invalidSetting(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof InvalidSettingException invalid) {
                return invalid;
            }
        }
        return null;
    }
}
