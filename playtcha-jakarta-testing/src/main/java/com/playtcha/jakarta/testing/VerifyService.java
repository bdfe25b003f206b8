package com.playtcha.jakarta.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Playtcha's verify contract with its state: projects, minted tokens (single-use, 5-minute TTL),
 * a per-IP rate limit and a degraded band. Knows nothing of HTTP; {@link VerifyEndpoint} does.
 */
final class VerifyService {

    static final Duration TOKEN_TTL = Duration.ofMinutes(5);

    record Reply(int status, String body, Map<String, String> headers) {
        static Reply error(int status, String code, String message) {
            return new Reply(status, Envelopes.error(code, message, Envelopes.newRequestId()), Map.of());
        }
    }

    private record MintedToken(String projectId, Instant issuedAt, AtomicBoolean redeemed) {
    }

    private record Window(long startMillis, AtomicInteger count) {
    }

    private record RateLimit(int perWindow, Duration window) {
    }

    private final Clock clock;
    private volatile Duration clockOffset = Duration.ZERO;
    private final Map<String, SimulatedProject> projects = new ConcurrentHashMap<>();
    private final Map<String, MintedToken> tokens = new ConcurrentHashMap<>();
    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private volatile RateLimit rateLimit;
    private volatile long degradedAfter = -1;
    private final AtomicLong successes = new AtomicLong();

    VerifyService(Clock clock) {
        this.clock = clock;
    }

    Instant now() {
        return clock.instant().plus(clockOffset);
    }

    void advance(Duration by) {
        clockOffset = clockOffset.plus(by);
    }

    SimulatedProject createProject(String id) {
        return createProject(id, "sk_test_" + randomHex(16));
    }

    SimulatedProject createProject(String id, String secret) {
        if (!id.matches("[a-z0-9-]{1,40}")) {
            throw new IllegalArgumentException("project id must be 1-40 of [a-z0-9-]: " + id);
        }
        SimulatedProject project = new SimulatedProject(id, secret);
        if (projects.putIfAbsent(id, project) != null) {
            throw new IllegalArgumentException("project exists: " + id);
        }
        return project;
    }

    void deleteProject(SimulatedProject project) {
        projects.remove(project.id());
    }

    String mint(SimulatedProject project, Duration age, boolean redeemed) {
        String token = "ptk_" + project.id() + "_" + randomHex(12);
        tokens.put(token, new MintedToken(project.id(), now().minus(age), new AtomicBoolean(redeemed)));
        return token;
    }

    void rateLimit(int perWindow, Duration window) {
        rateLimit = perWindow <= 0 ? null : new RateLimit(perWindow, window);
        windows.clear();
    }

    void degradedAfter(long verifies) {
        degradedAfter = verifies;
        successes.set(0);
    }

    /** Forgets tokens, limits, the degraded band and the clock offset; keeps {@code keep} as the only project. */
    void reset(SimulatedProject keep) {
        projects.keySet().removeIf(id -> !id.equals(keep.id()));
        // put, not putIfAbsent: a test may have deleted the default project and created another
        // under the same id, whose secret is not secret(); it must not outlive the reset.
        projects.put(keep.id(), keep);
        tokens.clear();
        windows.clear();
        rateLimit = null;
        degradedAfter = -1;
        successes.set(0);
        clockOffset = Duration.ZERO;
    }

    /**
     * The answer to one verify. {@code secret} or {@code token} is {@code null} when the request did
     * not carry it as a JSON string.
     */
    Reply verify(String secret, String token, String remoteAddress) {
        Instant now = now();
        Reply limited = throttle(remoteAddress, now);
        if (limited != null) {
            return limited;
        }
        if (secret == null || token == null) {
            return Reply.error(400, "invalid_request", "Body must be a JSON object with string fields secret and token.");
        }
        MintedToken minted = tokens.get(token);
        if (minted == null) {
            return Reply.error(401, "token_invalid", "The token's signature or claims are invalid."
                    + " Check that the widget and the secret are from the same environment (live vs test).");
        }
        SimulatedProject project = projects.get(minted.projectId());
        if (project == null) {
            return Reply.error(404, "unknown_project", "The project does not exist.");
        }
        if (!project.secret().equals(secret)) {
            return Reply.error(401, "bad_secret", "The secret does not match the project.");
        }
        if (!now.isBefore(minted.issuedAt().plus(TOKEN_TTL))) {
            return Reply.error(410, "token_expired", "The token is older than 5 minutes.");
        }
        if (!minted.redeemed().compareAndSet(false, true)) {
            return Reply.error(409, "already_redeemed", "The token was already redeemed. Tokens are single-use.");
        }
        long limit = degradedAfter;
        boolean degraded = limit >= 0 && successes.incrementAndGet() > limit;
        return new Reply(200, Envelopes.success(degraded, Envelopes.newRequestId(), project.id(),
                minted.issuedAt().getEpochSecond()), Map.of());
    }

    private Reply throttle(String remoteAddress, Instant now) {
        RateLimit limit = rateLimit;
        if (limit == null) {
            return null;
        }
        long nowMillis = now.toEpochMilli();
        long windowMillis = limit.window().toMillis();
        Window window = windows.compute(remoteAddress, (ip, w) ->
                w == null || nowMillis >= w.startMillis() + windowMillis ? new Window(nowMillis, new AtomicInteger()) : w);
        if (window.count().incrementAndGet() <= limit.perWindow()) {
            return null;
        }
        long waitMillis = window.startMillis() + windowMillis - nowMillis;
        long seconds = Math.max(1, (waitMillis + 999) / 1000);
        Reply reply = Reply.error(429, "rate_limited_ip", "Too many verifications from this IP address.");
        return new Reply(reply.status(), reply.body(), Map.of("Retry-After", Long.toString(seconds)));
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
