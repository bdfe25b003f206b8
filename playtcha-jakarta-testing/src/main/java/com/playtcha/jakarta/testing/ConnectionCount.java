package com.playtcha.jakarta.testing;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.io.Connection;

/** The simulator's TCP connections, as its connector opens and closes them: open now, and accepted in all. */
final class ConnectionCount implements Connection.Listener {

    private final Object monitor = new Object();
    private final AtomicLong opened = new AtomicLong();
    private int open;

    @Override
    public void onOpened(Connection connection) {
        opened.incrementAndGet();
        synchronized (monitor) {
            open++;
            monitor.notifyAll();
        }
    }

    @Override
    public void onClosed(Connection connection) {
        synchronized (monitor) {
            open--;
            monitor.notifyAll();
        }
    }

    int open() {
        synchronized (monitor) {
            return open;
        }
    }

    long opened() {
        return opened.get();
    }

    /** Whether at most {@code count} connections are open within {@code timeout}. */
    boolean awaitOpenAtMost(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (monitor) {
            while (open > count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(monitor, left);
            }
            return true;
        }
    }
}
