package com.playtcha.jakarta.benchmarks.crossed;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the {@link CrossingAgent}'s rewritten classes report to: every method and constructor of an
 * instrumented class calls {@link #cross} first with its class's {@code loader-kind:class-name}, and
 * while a window is open ({@link #open} to {@link #close}) each such name is kept once, with the
 * names of the threads it ran on.
 *
 * <p>The agent puts this class on the bootstrap class path, so that one copy serves every class
 * loader (a web application's as well as the server's): it must use the JDK alone, and be reached
 * through its public members only (its package is split between the bootstrap loader and the
 * application's).
 */
public final class Crossings {

    private static volatile boolean open;
    private static final Map<String, Set<String>> SEEN = new ConcurrentHashMap<>();

    private Crossings() {
    }

    /** Called on entry to every instrumented method and constructor. */
    public static void cross(String key) {
        if (open) {
            SEEN.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(Thread.currentThread().getName());
        }
    }

    /** Forgets what an earlier window saw and starts recording. */
    public static void open() {
        SEEN.clear();
        open = true;
    }

    /** Stops recording; what ran meanwhile, each key with the threads it ran on, sorted by key. */
    public static Map<String, Set<String>> close() {
        open = false;
        return new TreeMap<>(SEEN);
    }
}
