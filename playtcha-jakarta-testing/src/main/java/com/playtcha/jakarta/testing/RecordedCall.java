package com.playtcha.jakarta.testing;

import java.time.Instant;

/**
 * One request the simulator received on {@code /v1/verify}, whatever it answered.
 *
 * @param at           when it arrived, on the simulator's clock
 * @param remoteAddress the client's IP address
 * @param method       the HTTP method
 * @param contentType  the request's {@code Content-Type}, or {@code null}
 * @param userAgent    the request's {@code User-Agent}, or {@code null}
 * @param secret       the {@code secret} field as sent, or {@code null} if absent or not a string
 * @param token        the {@code token} field as sent, or {@code null} if absent or not a string
 * @param status       the status answered, or {@code 0} when a fault answered nothing
 * @param fault        the fault applied, or {@code null} for a normal answer
 */
public record RecordedCall(Instant at, String remoteAddress, String method, String contentType, String userAgent,
        String secret, String token, int status, Fault fault) {

    /** Masks the secret: a recorded call may end up in a test report. */
    @Override
    public String toString() {
        return "RecordedCall[at=" + at + ", remote=" + remoteAddress + ", " + method + ", contentType=" + contentType
                + ", userAgent=" + userAgent + ", secret=" + (secret == null ? null : "****") + ", token=" + token
                + ", status=" + status + ", fault=" + fault + "]";
    }
}
