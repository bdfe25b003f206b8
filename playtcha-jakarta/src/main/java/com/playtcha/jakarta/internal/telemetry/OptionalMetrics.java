package com.playtcha.jakarta.internal.telemetry;

import com.playtcha.jakarta.config.OptionalApis;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import java.util.function.Supplier;

/**
 * Attaches {@code telemetry.PlaytchaMetrics} to a verifier when the OpenTelemetry API is on the class
 * path, and does nothing when it is not; names no OpenTelemetry type, so loading it never fails. Why:
 * design/engine.md.
 */
public final class OptionalMetrics {

    /** The class whose presence means the API is there. */
    static final String API = "io.opentelemetry.api.OpenTelemetry";

    private OptionalMetrics() {
    }

    /**
     * Records this verifier's metrics on the {@code OpenTelemetry} that {@code openTelemetry} gives
     * ({@code null}: the global one), asked only when the API is there; returns what stops the recording
     * (before or after closing the verifier), or {@code null} when the API is absent.
     */
    public static Runnable attach(PlaytchaVerifier verifier, Supplier<?> openTelemetry) {
        return OptionalApis.present(API) ? LazyGlobalMetrics.attach(verifier, openTelemetry.get()) : null;
    }
}
