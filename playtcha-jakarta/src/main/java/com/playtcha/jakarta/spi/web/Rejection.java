package com.playtcha.jakarta.spi.web;

import com.playtcha.jakarta.core.Decision;
import com.playtcha.jakarta.core.VerificationResult;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SPI: what a blocked request is answered, whichever filter or login door blocked it, the library's or
 * another jar's: the status, its headers in order
 * ({@code Retry-After} for a 429 or an {@code overloaded} 503), and for a client that prefers JSON the
 * {@link RejectionBody} ({@code null} otherwise: each filter answers the bare status its own way).
 */
public record Rejection(int status, Map<String, String> headers, RejectionBody body) {

    /** The content type of {@link #json()}. */
    public static final String JSON_TYPE = "application/json;charset=UTF-8";

    public Rejection {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** The answer to {@code decision} on {@code result} for a client that sent {@code accept} (or {@code null}). */
    public static Rejection of(VerificationResult result, Decision decision, String accept) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (decision.retryAfterSeconds() > 0) {
            headers.put("Retry-After", Long.toString(decision.retryAfterSeconds()));
        }
        if (!AcceptHeader.prefersJson(accept)) {
            return new Rejection(decision.status(), headers, null);
        }
        headers.put("Cache-Control", "no-store");
        return new Rejection(decision.status(), headers, RejectionBody.of(result, decision));
    }

    /** The JSON body's text, or {@code null} without a body. */
    public String json() {
        return body == null ? null : body.json();
    }
}
