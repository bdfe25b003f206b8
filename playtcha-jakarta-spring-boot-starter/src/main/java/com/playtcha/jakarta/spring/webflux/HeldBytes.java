package com.playtcha.jakarta.spring.webflux;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes that every post one {@link PlaytchaWebFilter} reads a token from holds at once, under one bound
 * ({@code playtcha.token-search.max-held}): a read takes its bytes here before it copies them ({@link #take}), counts
 * what its buffers grew by ({@link #add}), and gives back all it took when its exchange ends ({@link #give}), also
 * when the client went away. Without it, each stalled post may hold up to the 1 MiB cap for the 10 s wait, and
 * nothing bounds how many do. Safe for concurrent use: one counter, no lock.
 */
final class HeldBytes {

    private final long max;
    private final AtomicLong held = new AtomicLong();

    HeldBytes(long max) {
        this.max = max;
    }

    /** Takes {@code bytes} when they fit under the bound, all or nothing: whether they did. */
    boolean take(long bytes) {
        long now;
        do {
            now = held.get();
            if (now + bytes > max) {
                return false;
            }
        } while (!held.compareAndSet(now, now + bytes));
        return true;
    }

    /**
     * Counts {@code bytes} already allocated (a buffer that grew past what was taken for it), even past the bound:
     * they are held whether counted or not, and the next {@link #take} then waits for them to be given back.
     */
    void add(long bytes) {
        held.addAndGet(bytes);
    }

    /** Gives back {@code bytes} taken or added before. */
    void give(long bytes) {
        held.addAndGet(-bytes);
    }

    /** Whether nothing more can be taken now. */
    boolean full() {
        return held.get() >= max;
    }

    long held() {
        return held.get();
    }

    long max() {
        return max;
    }
}
