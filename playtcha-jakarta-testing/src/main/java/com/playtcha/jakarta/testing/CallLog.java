package com.playtcha.jakarta.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Every verify call the simulator received, in arrival order and counted per token. */
final class CallLog {

    private final ConcurrentLinkedQueue<RecordedCall> calls = new ConcurrentLinkedQueue<>();
    private final Map<String, AtomicInteger> perToken = new ConcurrentHashMap<>();
    private final Object monitor = new Object();

    void record(RecordedCall call) {
        calls.add(call);
        if (call.token() != null) {
            perToken.computeIfAbsent(call.token(), t -> new AtomicInteger()).incrementAndGet();
        }
        synchronized (monitor) {
            monitor.notifyAll();
        }
    }

    /** Whether at least {@code count} calls carried {@code token} within {@code timeout}. */
    boolean awaitCount(String token, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (monitor) {
            while (count(token) < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(monitor, left);
            }
            return true;
        }
    }

    List<RecordedCall> all() {
        return List.copyOf(new ArrayList<>(calls));
    }

    int count() {
        return calls.size();
    }

    int count(String token) {
        AtomicInteger count = perToken.get(token);
        return count == null ? 0 : count.get();
    }

    void clear() {
        calls.clear();
        perToken.clear();
    }
}
