package com.playtcha.jakarta.cluster.counts;

import java.io.InterruptedIOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedByInterruptException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * What a failed call says of the store it went to, read from its causes: the deepest cause that says
 * something decides, since pools wrap what the driver met (HikariCP puts a refused connection under
 * its timeout). A cause that says nothing is skipped; a chain in which nothing says anything is
 * {@link #GAVE_UP}: a guard that cannot tell asks for a token, and only a store seen refusing or
 * broken lets a node count on its own. A cause is read by the backend's own signals first (its
 * {@link StoreHandle#signals}: the database's SQL types and states), then by the JDK's types, then by
 * its words. Read for the login counts ({@link StoreCalls#counted}) and the login page's check
 * ({@link StoreCalls#check}); the budgets fall back on any failure. Which signals of which pools and
 * drivers: design/cluster.md, "StoreCalls".
 */
public enum StoreFailure {

    /** Refused or broken: no connection (refused, no such host, reset), no login, no such database, shut down, a broken schema. */
    DOWN,
    /** The store, its pool or its driver gave up on the call (a timeout, a lock, a deadlock, a full pool), or nothing said why. */
    GAVE_UP,
    /** This node interrupted the call's thread: nothing said of the store. */
    INTERRUPTED;

    /** Causes read at most: a chain longer than this is cut there. */
    private static final int DEPTH = 32;

    /** What {@code failure} says of the store, each cause read by the backend's {@code signals} first. */
    public static StoreFailure of(Throwable failure, Function<Throwable, StoreFailure> signals) {
        StoreFailure said = GAVE_UP;
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable c = failure; c != null && seen.size() < DEPTH && seen.add(c); c = c.getCause()) {
            StoreFailure backend = signals.apply(c);
            StoreFailure here = backend != null ? backend : saidBy(c);
            if (here != null) {
                said = here;
            }
        }
        return said;
    }

    /** What this one cause says, or {@code null}: its JDK type first, then its words. */
    private static StoreFailure saidBy(Throwable c) {
        if (c instanceof SocketTimeoutException || c instanceof TimeoutException) {
            return GAVE_UP;
        }
        if (c instanceof InterruptedException || c instanceof InterruptedIOException || c instanceof ClosedByInterruptException) {
            return INTERRUPTED;
        }
        if (c instanceof SocketException || c instanceof UnknownHostException) {
            return DOWN; // refused, no route, reset, broken pipe, no such host
        }
        String words = c.getMessage() == null ? "" : c.getMessage().toLowerCase(Locale.ROOT);
        if (words.contains("interrupted")) {
            return INTERRUPTED; // Agroal and IronJacamar say so with no InterruptedException beneath
        }
        if (words.contains("timeout") || words.contains("timed out") || c.getClass().getSimpleName().contains("Timeout")) {
            return GAVE_UP; // commons-pool2 (DBCP2), IronJacamar's IJ000655, Agroal, a cache operation's timeout
        }
        return null;
    }
}
