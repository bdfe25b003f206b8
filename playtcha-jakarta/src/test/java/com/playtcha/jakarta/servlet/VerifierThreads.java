package com.playtcha.jakarta.servlet;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The verifiers' timer threads ({@code playtcha-verifier-N}): a verifier that was not closed leaves
 * one running. Tests in the same JVM make verifiers of their own, so a test compares against the
 * threads that were alive before it started.
 */
final class VerifierThreads {

    static final String PREFIX = "playtcha-verifier";

    private final Set<Thread> before;

    private VerifierThreads(Set<Thread> before) {
        this.before = before;
    }

    /** Remembers the verifier threads alive now. */
    static VerifierThreads snapshot() {
        return new VerifierThreads(new HashSet<>(alive()));
    }

    /** Verifier threads started since the snapshot that are still alive after waiting up to {@code timeout} for them to end. */
    List<String> leftAfter(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread thread : alive()) {
            if (!before.contains(thread)) {
                long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
                thread.join(left);
            }
        }
        return alive().stream().filter(t -> !before.contains(t)).map(Thread::getName).sorted().collect(Collectors.toList());
    }

    /** Verifier threads started since the snapshot and alive now. */
    int startedSince() {
        return (int) alive().stream().filter(t -> !before.contains(t)).count();
    }

    private static Set<Thread> alive() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith(PREFIX))
                .collect(Collectors.toSet());
    }
}
