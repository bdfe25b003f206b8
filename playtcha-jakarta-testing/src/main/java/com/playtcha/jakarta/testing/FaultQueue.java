package com.playtcha.jakarta.testing;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The faults a test injected, and which one the next call gets: a queued one-shot fault first, then
 * the fault of the call's token, then the standing fault; none means a normal answer.
 */
final class FaultQueue {

    private final ConcurrentLinkedQueue<Fault> once = new ConcurrentLinkedQueue<>();
    private final Map<String, Fault> perToken = new ConcurrentHashMap<>();
    private volatile Fault standing;

    void standing(Fault fault) {
        standing = Objects.requireNonNull(fault, "fault");
    }

    void once(Fault fault) {
        once.add(Objects.requireNonNull(fault, "fault"));
    }

    void forToken(String token, Fault fault) {
        perToken.put(Objects.requireNonNull(token, "token"), Objects.requireNonNull(fault, "fault"));
    }

    void clear() {
        standing = null;
        perToken.clear();
        once.clear();
    }

    /** The fault for the call that carries {@code token} ({@code null}: none), or {@code null}. */
    Fault next(String token) {
        Fault first = once.poll();
        if (first != null) {
            return first;
        }
        Fault forToken = token == null ? null : perToken.get(token);
        return forToken != null ? forToken : standing;
    }
}
