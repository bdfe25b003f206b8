package com.playtcha.jakarta.cluster.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * A real pool with the faults of a database that went away put in front of it: {@link #stall} makes
 * {@code getConnection} wait, as a pool waits for a connection to a database that does not answer
 * (the pool's wait, up to {@code ms}), and then fail; {@link #fail} makes it throw a given message (and
 * SQL state) at once, as a pool that cannot create its driver does, or a database that refuses;
 * {@link #work} lets it through again.
 */
final class ControlledDataSource extends PoolFront {

    private volatile long stallMillis;
    private volatile String failure;
    private volatile String failureState;
    /** Opened by {@link #work}: a stalled {@code getConnection} gives up at once. */
    private volatile CountDownLatch released = new CountDownLatch(0);
    private final AtomicInteger stalled = new AtomicInteger();
    /** The name of the thread of each {@code getConnection} call, in order. */
    private final java.util.List<String> callers = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** When each {@code getConnection} that failed was called (nanoTime). */
    private final java.util.List<Long> failures = new java.util.concurrent.CopyOnWriteArrayList<>();

    ControlledDataSource(DataSource pool) {
        super(pool);
    }

    /** From now on each {@code getConnection} waits {@code millis} (or until {@link #work}), then fails. */
    void stall(long millis) {
        released = new CountDownLatch(1);
        stallMillis = millis;
    }

    /** From now on each {@code getConnection} throws an {@code SQLException} with this message, and no SQL state. */
    void fail(String message) {
        fail(message, null);
    }

    /** From now on each {@code getConnection} throws an {@code SQLException} with this message and SQL state, as a driver would. */
    void fail(String message, String sqlState) {
        failureState = sqlState;
        failure = message;
    }

    /** Connections again, and the stalled calls give up now. */
    void work() {
        stallMillis = 0;
        failure = null;
        released.countDown();
    }

    /** How many {@code getConnection} calls have stalled so far. */
    int stalls() {
        return stalled.get();
    }

    /** When each {@code getConnection} that {@link #fail} made throw was called ({@link System#nanoTime}). */
    java.util.List<Long> failures() {
        return failures;
    }

    /** The names of the threads that called {@code getConnection}, one per call, in order. */
    java.util.List<String> callers() {
        return callers;
    }

    @Override
    public Connection getConnection() throws SQLException {
        callers.add(Thread.currentThread().getName());
        String fails = failure;
        if (fails != null) {
            failures.add(System.nanoTime());
            throw new SQLException(fails, failureState);
        }
        long millis = stallMillis;
        if (millis > 0) {
            stalled.incrementAndGet();
            try {
                released.await(millis, TimeUnit.MILLISECONDS); // the pool's wait for a connection it never gets
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new SQLException("Connection is not available, request timed out after " + millis + "ms.", "08001");
        }
        return pool.getConnection();
    }
}
