package com.playtcha.jakarta.cluster.counts;

import java.util.function.Function;

/**
 * What a backend tells the counts of its store, beside its primitives (Bucket4j's proxies, the
 * {@link Levels}): where it is, for messages ({@code database java:comp/...}, {@code cache playtcha-budgets});
 * what a failure says for the status and the log, credentials masked ({@code messages}); what a cause of
 * the backend's own types says of the store ({@code signals}: a database's SQL state, say; {@code null}
 * for a cause it does not know), read before the JDK's by {@link StoreFailure#of}; and what closing the
 * counts closes after their threads: what opening the store opened ({@code closed}).
 *
 * @param where    the store, for messages
 * @param messages what a failure of the store says, credentials masked
 * @param signals  what one cause of the backend's own types says of the store, or {@code null}
 * @param closed   what the counts close last
 */
public record StoreHandle(String where, Function<Throwable, String> messages, Function<Throwable, StoreFailure> signals,
        Runnable closed) {

    /** A store whose failures the JDK's types and their words tell ({@link StoreFailure#of}), and nothing to close. */
    public static StoreHandle of(String where, Function<Throwable, String> messages) {
        return of(where, messages, () -> {
        });
    }

    /** A store whose failures the JDK's types and their words tell, closed with {@code closed}. */
    public static StoreHandle of(String where, Function<Throwable, String> messages, Runnable closed) {
        return new StoreHandle(where, messages, cause -> null, closed);
    }
}
