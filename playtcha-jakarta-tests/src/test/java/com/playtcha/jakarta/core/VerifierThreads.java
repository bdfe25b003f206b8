package com.playtcha.jakarta.core;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The threads verifiers start: one timer thread per verifier ({@code playtcha-verifier-N}, started
 * when it is built), and name-lookup threads ({@code playtcha-verifier-N-dns-M}) for host names.
 * Counting new timer threads tells how many verifiers were built, without reaching into them; a
 * closed verifier leaves none of either. Other tests in the JVM make verifiers too, so a test
 * compares against a snapshot taken before it acts.
 */
public final class VerifierThreads {

    private static final String PREFIX = "playtcha-verifier-";
    private static final Pattern TIMER = Pattern.compile("playtcha-verifier-\\d+");

    private final Set<Thread> before;

    private VerifierThreads(Set<Thread> before) {
        this.before = before;
    }

    /** Remembers the verifier threads alive now. */
    public static VerifierThreads snapshot() {
        return new VerifierThreads(new HashSet<>(alive()));
    }

    /** Timer threads started since the snapshot and alive now: one per verifier built. */
    public List<Thread> started() {
        return alive().stream().filter(t -> !before.contains(t) && TIMER.matcher(t.getName()).matches()).toList();
    }

    /**
     * Names of verifier threads (timers and lookups) started since the snapshot that are still alive
     * after waiting up to {@code timeout} for them to end (joins, no polling).
     */
    public List<String> leftAfter(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread thread : alive()) {
            if (!before.contains(thread)) {
                thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            }
        }
        return alive().stream().filter(t -> !before.contains(t)).map(Thread::getName).sorted().toList();
    }

    private static Set<Thread> alive() {
        Set<Thread> threads = new HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t.getName().startsWith(PREFIX)) {
                threads.add(t);
            }
        }
        return threads;
    }
}
