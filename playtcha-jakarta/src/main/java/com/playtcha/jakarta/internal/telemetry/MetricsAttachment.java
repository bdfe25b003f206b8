package com.playtcha.jakarta.internal.telemetry;

import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.telemetry.PlaytchaMetrics;
import io.opentelemetry.api.OpenTelemetry;

/**
 * The half of {@link OptionalMetrics} that names OpenTelemetry's types, loaded only once the API is
 * known to be present: records on the {@code OpenTelemetry} given, or on the global one looked up
 * at the first event ({@link LazyGlobalMetrics}).
 */
final class MetricsAttachment {

    private MetricsAttachment() {
    }

    /** @param openTelemetry an {@link OpenTelemetry}, or {@code null} for the global one */
    static Runnable attach(PlaytchaVerifier verifier, Object openTelemetry) {
        return openTelemetry != null ? PlaytchaMetrics.attach(verifier, (OpenTelemetry) openTelemetry)::close
                : LazyGlobalMetrics.attach(verifier);
    }
}
