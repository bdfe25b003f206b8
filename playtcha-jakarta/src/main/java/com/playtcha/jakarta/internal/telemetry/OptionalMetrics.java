package com.playtcha.jakarta.internal.telemetry;

import com.playtcha.jakarta.core.PlaytchaVerifier;

/**
 * Attaches {@code telemetry.PlaytchaMetrics} to a verifier when the OpenTelemetry API is on the class path,
 * and does nothing when it is not: the CDI producer and the filter call it for every verifier they
 * build. This class names no OpenTelemetry type, so loading it never fails; it touches
 * {@code LazyGlobalMetrics} (and through it {@code PlaytchaMetrics}) only after {@code Class.forName}
 * found the API.
 * Which {@code OpenTelemetry}: the one given, else {@code GlobalOpenTelemetry} at the first decision.
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
     * Records this verifier's metrics, when the API is present.
     *
     * @param openTelemetry an {@code io.opentelemetry.api.OpenTelemetry}, or {@code null} for the global one
     * @return what stops the recording (run it before or after closing the verifier), or {@code null}
     *         when the API is absent. A verifier of the application's own (a stub) that ignores
     *         listeners simply records nothing.
     */
    public static Runnable attach(PlaytchaVerifier verifier, Object openTelemetry) {
        if (!apiPresent()) {
            return null;
        }
        return LazyGlobalMetrics.attach(verifier, openTelemetry);
    }
}
