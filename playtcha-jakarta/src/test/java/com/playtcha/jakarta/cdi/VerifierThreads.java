package com.playtcha.jakarta.cdi;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The timer threads verifiers start ({@code playtcha-verifier-<n>}, one per verifier, started when
 * it is built). Counting new ones tells how many verifiers were built, without reaching into them.
 */
final class VerifierThreads {

    private VerifierThreads() {
    }

    static Set<Thread> alive() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("playtcha-verifier-") && t.isAlive())
                .collect(Collectors.toSet());
    }

    /** Verifier threads alive now that were not in {@code before}. */
    static List<Thread> startedSince(Set<Thread> before) {
        return alive().stream().filter(t -> !before.contains(t)).toList();
    }

    /** Whether every one of {@code threads} has ended within {@code timeout} (joins, no polling). */
    static boolean awaitEnd(Collection<Thread> threads, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread thread : threads) {
            long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            thread.join(left);
            if (thread.isAlive()) {
                return false;
            }
        }
        return true;
    }
}
