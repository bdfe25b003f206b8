package com.playtcha.jakarta.spi;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Under {@code playtcha.login.require=always}: how many logins of each account went on without Playtcha's
 * verdict (failed open) in {@code login.failure-window}; at {@code login.account-failures} the account's next
 * one is refused as failing closed would be, until its window ends. This node's own count: a cluster of
 * {@code n} nodes lets an account at most {@code n} times the limit. Every failed-open login is counted,
 * whatever the password check found: it is the guess the missing verdict let through. At most
 * {@value #MAX_ACCOUNTS} accounts are held; when that many are counted in their windows, every further
 * failed-open login is refused (fails closed), as is one whose account cannot be read. docs/login.md,
 * "When Playtcha cannot answer".
 */
final class FailedOpenLogins {

    static final int MAX_ACCOUNTS = 100_000;

    /** One account's window: when it began ({@link VerifierClock#nanoTime}) and the logins counted in it. */
    private record Window(long start, int count) { }

    private final int limit;
    private final long windowNanos;
    private final VerifierClock clock;
    private final Map<ByteBuffer, Window> accounts = new ConcurrentHashMap<>();

    FailedOpenLogins(int limit, Duration window, VerifierClock clock) {
        this.limit = limit;
        this.windowNanos = window.toNanos();
        this.clock = clock;
    }

    /** Counts a failed-open login of {@code account} (its keyed hash; {@code null}: unreadable); whether it may go on. */
    boolean admit(byte[] account) {
        if (account == null) {
            return false;
        }
        long now = clock.nanoTime();
        if (accounts.size() >= MAX_ACCOUNTS) {
            accounts.values().removeIf(w -> now - w.start() >= windowNanos);
        }
        ByteBuffer key = ByteBuffer.wrap(account.clone());
        if (accounts.size() >= MAX_ACCOUNTS && !accounts.containsKey(key)) {
            return false;
        }
        boolean[] admitted = new boolean[1];
        accounts.compute(key, (k, w) -> {
            if (w == null || now - w.start() >= windowNanos) {
                admitted[0] = limit > 0;
                return new Window(now, 1);
            }
            admitted[0] = w.count() < limit;
            return admitted[0] ? new Window(w.start(), w.count() + 1) : w;
        });
        return admitted[0];
    }
}
