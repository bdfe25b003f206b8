package com.playtcha.jakarta.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A way for the simulated Playtcha to misbehave on a {@code /v1/verify} call.
 *
 * <p>Inject one with {@link PlaytchaSimulator#inject(Fault)} (every call until
 * {@link PlaytchaSimulator#clearFaults()}) or {@link PlaytchaSimulator#injectOnce(Fault)} (the next
 * call only). Every faulted call is still recorded, so a test can assert how many times the client
 * tried.
 *
 * <pre>{@code
 * simulator.inject(Fault.hang());                     // accept, never answer
 * simulator.injectOnce(Fault.serverError(500, "db_error"));
 * simulator.inject(Fault.delay(Duration.ofMillis(20))); // latency, then the normal answer
 * }</pre>
 *
 * <p>Faults that answer instead of Playtcha ({@link #reply}, {@link #serverError}, {@link #html},
 * {@link #redirect}, {@link #oversizedBody}, {@link #raw}, {@link #hang}, {@link #reset}) do not
 * look at the token, so it stays unredeemed. {@link #delay} and {@link #drip} answer normally and
 * redeem it, and so does {@link #lostReply}, which then drops the answer: the case where a client
 * cannot know whether its token was used.
 */
public final class Fault {

    enum Kind { DELAY, HANG, RESET, LOST_REPLY, REPLY, RAW, DRIP }

    final Kind kind;
    final Duration duration;
    final int status;
    final String contentType;
    final byte[] body;
    final Map<String, String> headers;
    /** For {@link #serverError}: the envelope is built per answer, so each carries a fresh request id. */
    final String errorCode;
    private final String description;

    private Fault(Kind kind, Duration duration, int status, String contentType, byte[] body,
            Map<String, String> headers, String description) {
        this(kind, duration, status, contentType, body, headers, null, description);
    }

    private Fault(Kind kind, Duration duration, int status, String contentType, byte[] body,
            Map<String, String> headers, String errorCode, String description) {
        this.kind = kind;
        this.duration = duration;
        this.status = status;
        this.contentType = contentType;
        this.body = body;
        this.headers = Map.copyOf(headers);
        this.errorCode = errorCode;
        this.description = description;
    }

    /** The body to send now: a fresh envelope for {@link #serverError}, else the fixed body. */
    String bodyNow() {
        return errorCode != null ? Envelopes.error(errorCode, "Simulated failure", Envelopes.newRequestId())
                : new String(body, StandardCharsets.UTF_8);
    }

    /** Waits {@code latency}, then answers as Playtcha would. Does not hold a server thread. */
    public static Fault delay(Duration latency) {
        requirePositive(latency, "latency");
        return new Fault(Kind.DELAY, latency, 0, null, null, Map.of(), "delay " + latency.toMillis() + "ms");
    }

    /** Reads the request and never answers; the connection stays open until the client gives up or the simulator stops. */
    public static Fault hang() {
        return new Fault(Kind.HANG, null, 0, null, null, Map.of(), "hang");
    }

    /** Resets the TCP connection (RST, not FIN) without answering. */
    public static Fault reset() {
        return new Fault(Kind.RESET, null, 0, null, null, Map.of(), "reset");
    }

    /** Verifies the token (it is now redeemed), then resets the connection instead of answering. */
    public static Fault lostReply() {
        return new Fault(Kind.LOST_REPLY, null, 0, null, null, Map.of(), "lost reply");
    }

    /** Answers the normal reply one byte every {@code interval}: a per-read timeout never fires. */
    public static Fault drip(Duration interval) {
        requirePositive(interval, "interval");
        return new Fault(Kind.DRIP, interval, 0, null, null, Map.of(), "drip every " + interval.toMillis() + "ms");
    }

    /** Answers with this status, content type and body instead of Playtcha. */
    public static Fault reply(int status, String contentType, String body) {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status must be 100-599 (use raw(...) for others): " + status);
        }
        return new Fault(Kind.REPLY, null, status, contentType, body.getBytes(StandardCharsets.UTF_8), Map.of(),
                "reply " + status);
    }

    /** A JSON reply with this status and body. */
    public static Fault json(int status, String json) {
        return reply(status, "application/json", json);
    }

    /** A 5xx (or any status) with Playtcha's error envelope and this code, a fresh request id each time. */
    public static Fault serverError(int status, String code) {
        Fault json = json(status, "");
        return new Fault(Kind.REPLY, null, status, json.contentType, json.body, Map.of(), code, "reply " + status);
    }

    /** A status with an HTML body, as a proxy or load balancer in front of Playtcha would send. */
    public static Fault html(int status) {
        return reply(status, "text/html; charset=utf-8",
                "<html><body><h1>" + status + "</h1><p>Upstream trouble</p></body></html>");
    }

    /** A redirect to {@code location}; a verify client must never follow it. */
    public static Fault redirect(int status, String location) {
        return reply(status, "text/plain", "moved").withHeader("Location", location);
    }

    /** A 200 whose JSON body is {@code bytes} long (a valid success reply padded with an unknown field). */
    public static Fault oversizedBody(int bytes) {
        String head = "{\"success\":true,\"degraded\":false,\"padding\":\"";
        String tail = "\"}";
        int padding = Math.max(0, bytes - head.length() - tail.length());
        return json(200, head + "x".repeat(padding) + tail).described("oversized body " + bytes + "B");
    }

    /** Writes these exact bytes on the socket and closes it: for status lines Jetty would refuse to send. */
    public static Fault raw(String response) {
        return new Fault(Kind.RAW, null, 0, null, response.getBytes(StandardCharsets.ISO_8859_1), Map.of(), "raw");
    }

    /** The same fault with one more response header (for {@link #reply} and its shorthands). */
    public Fault withHeader(String name, String value) {
        if (kind != Kind.REPLY) {
            throw new IllegalStateException("headers apply to reply faults only, not " + description);
        }
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(Objects.requireNonNull(name), Objects.requireNonNull(value));
        return new Fault(kind, duration, status, contentType, body, more, errorCode, description);
    }

    private Fault described(String text) {
        return new Fault(kind, duration, status, contentType, body, headers, errorCode, text);
    }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }

    @Override
    public String toString() {
        return "Fault[" + description + "]";
    }
}
