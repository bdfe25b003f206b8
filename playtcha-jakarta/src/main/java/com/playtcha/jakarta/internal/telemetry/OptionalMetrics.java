package com.playtcha.jakarta.internal.telemetry;

import com.playtcha.jakarta.core.PlaytchaVerifier;

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

    /** Whether the OpenTelemetry API is visible to the library's own class loader. */
    public static boolean apiPresent() {
        try {
            Class.forName(API, false, OptionalMetrics.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * Records this verifier's metrics on {@code openTelemetry} ({@code null}: the global one); returns what
     * stops the recording (before or after closing the verifier), or {@code null} when the API is absent.
     */
    public static Runnable attach(PlaytchaVerifier verifier, Object openTelemetry) {
        if (!apiPresent()) {
            return null;
        }
        return LazyGlobalMetrics.attach(verifier, openTelemetry);
    }
}
