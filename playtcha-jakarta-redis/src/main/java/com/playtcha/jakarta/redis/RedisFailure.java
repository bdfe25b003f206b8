package com.playtcha.jakarta.redis;

import com.playtcha.jakarta.cluster.counts.StoreFailure;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.protocol.RedisProtocolException;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import java.io.InterruptedIOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * A call to Redis that failed, and what it met, decided here and nowhere else in this module: every part reads
 * a failure by its {@link Kind} ({@code RedisTable} for the ledger, the counts through {@link #signal}), and a
 * failed connection attempt by {@link #refusal}.
 *
 * <p>A failure is the size of what it hit. A call that found no connection is judged by what the link knows of
 * the node that serves the call's key ({@link Reach}): in a Redis Cluster that is the primary of the key's slot,
 * as Lettuce's own topology names it, so one primary away (killed, failing over) puts only the parts whose keys
 * it serves on their fallbacks, and every other slot's calls go on; on a server or a Sentinel group it is the
 * one primary. Only a single server known to be away ({@link Kind#AWAY}: its reconnection refused, reset or
 * silent), or a store not reached since the start, lets the counts go to this node's own
 * ({@link StoreFailure#DOWN}); a primary away in a Sentinel group or a Cluster is a failover under way, as one
 * being reconnected. Everything else (a node being reconnected, one that refuses this node, a slot moving, a
 * write no replica took, no answer in time, an error the server answered: {@code CLUSTERDOWN} too) says the
 * store did not answer this call: a login needs a token ({@link StoreFailure#GAVE_UP}). Users: docs/redis.md,
 * "When Redis fails".
 *
 * <p>It keeps no Lettuce exception as its cause, only the words: {@code counts.StoreFailure} reads a chain's
 * deepest cause, and a {@link java.net.ConnectException} beneath would say "down" for a node that is only being
 * reconnected.
 */
final class RedisFailure extends RedisException {

    private static final long serialVersionUID = 1L;

    /** What a failed call met. */
    enum Kind {
        /** No connection took the call, and the node is known to be away: its reconnections fail. The node's own state. */
        AWAY,
        /** No connection took the call, or the one that had it was lost: the node is being reconnected. A token. */
        LOST,
        /** The node is there but refuses this node (a password, a user's rights, a certificate). A token. */
        REFUSED,
        /** A Redis Cluster's slot moving under the call ({@code MOVED}, {@code ASK}, {@code TRYAGAIN}): this call's alone. */
        MOVING,
        /** A write the primary made that no replica took in time: a failover could lose it. This call's alone. */
        NOT_REPLICATED,
        /** No answer within the call's bound. A token. */
        LATE,
        /** The server does not know the script's SHA-1 ({@code NOSCRIPT}): sent again with its text. */
        NO_SCRIPT,
        /** An error the server answered (busy, loading, failing over, full, or another): says nothing of the slot. A token. */
        ANSWERED;

        /** What this kind tells the counts: only a node away lets a node count on its own. */
        StoreFailure signal() {
            return this == AWAY ? StoreFailure.DOWN : StoreFailure.GAVE_UP;
        }
    }

    /**
     * What the link knows of the node that serves a call's key: {@link #CONNECTED}, being reconnected
     * ({@link #LOST}), {@link #away} or refusing this node ({@link #refused}), with why.
     */
    record Reach(Kind kind, String why) {
        static final Reach CONNECTED = new Reach(null, null);
        static final Reach LOST = new Reach(Kind.LOST, "being reconnected");

        static Reach away(String why) {
            return new Reach(Kind.AWAY, why);
        }

        /** A primary away where a replica takes over: being replaced, as one {@link #LOST}. */
        static Reach failingOver(String why) {
            return new Reach(Kind.LOST, "away, its replica taking over: " + why);
        }

        static Reach refused(String why) {
            return new Reach(Kind.REFUSED, why);
        }

        boolean connected() {
            return kind == null;
        }
    }

    private final Kind kind;
    private final boolean unsent;

    private RedisFailure(Kind kind, boolean unsent, String message) {
        super(message);
        this.kind = kind;
        this.unsent = unsent;
    }

    Kind kind() {
        return kind;
    }

    /** Whether no server got the call: no connection took it (rejected at once). */
    boolean unsent() {
        return unsent;
    }

    /** What this failure tells the counts ({@code StoreHandle#signals}). */
    StoreFailure signal() {
        return kind.signal();
    }

    /** A call with no connection to send it on, in the words of what the link knows of its node. */
    static RedisFailure unsent(String where, String why, Reach node) {
        return noConnection(where, why, node, true);
    }

    /** A write no replica took within {@code patienceMillis}. */
    static RedisFailure notReplicated(String where, long patienceMillis) {
        return new RedisFailure(Kind.NOT_REPLICATED, false, where + ": no replica took the write within " + patienceMillis + " ms");
    }

    /**
     * What {@code failure} (a call's, or any cause in a chain that holds one: Bucket4j's, say) met, its node known as
     * {@code node}; {@code null} when it holds an interruption of this node's thread, which says nothing of the store.
     */
    static RedisFailure of(Throwable failure, String where, Reach node) {
        for (Throwable c = failure; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof RedisFailure classified) {
                return classified;
            }
            if (c instanceof InterruptedException || c instanceof InterruptedIOException && !(c instanceof SocketTimeoutException)) {
                return null;
            }
        }
        String words = message(failure);
        for (Throwable c = failure; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String m = String.valueOf(c.getMessage());
            if (c instanceof RedisCommandTimeoutException || c instanceof TimeoutException || c instanceof SocketTimeoutException) {
                return new RedisFailure(Kind.LATE, false, where + " gave no answer in time: " + words);
            }
            if (c instanceof RedisCommandExecutionException) {
                Kind kind = moving(m) ? Kind.MOVING : m.startsWith("NOSCRIPT") ? Kind.NO_SCRIPT
                        : m.startsWith("NOPERM") || m.startsWith("NOAUTH") || m.startsWith("WRONGPASS") ? Kind.REFUSED : Kind.ANSWERED;
                return new RedisFailure(kind, false, where + " answered: " + m);
            }
            if (c instanceof RedisConnectionException || c instanceof SocketException || c instanceof ClosedChannelException
                    || c instanceof RedisException && lost(m)) {
                return noConnection(where, words, node, rejected(m));
            }
        }
        return new RedisFailure(Kind.ANSWERED, false, where + " failed the call: " + words);
    }

    private static RedisFailure noConnection(String where, String why, Reach node, boolean unsent) {
        Reach known = node == null ? Reach.LOST : node;
        Kind kind = known.connected() ? Kind.LOST : known.kind();
        String said = switch (kind) {
            case AWAY -> " refused or broke the call: " + why + " (" + known.why() + ")";
            case REFUSED -> " refuses this node (" + known.why() + "): " + why;
            default -> " is being reconnected (" + known.why() + "): " + why;
        };
        return new RedisFailure(kind, unsent, where + said);
    }

    /** Lettuce's words for a connection lost, closed, or not there to take the call. */
    private static boolean lost(String message) {
        String m = message.toLowerCase(Locale.ROOT);
        return m.contains("not connected") || m.contains("connection closed") || m.contains("connection reset") || rejected(m);
    }

    /** Lettuce's words for a call it rejected without sending ({@code DisconnectedBehavior.REJECT_COMMANDS}). */
    private static boolean rejected(String message) {
        return message.toLowerCase(Locale.ROOT).contains("commands are rejected");
    }

    /**
     * Whether a server's answer is a Redis Cluster's slot moving under the call ({@code MOVED}, {@code ASK}, a
     * multi-key {@code TRYAGAIN}, a script's key already moved away): the call's alone, which Lettuce follows next time.
     */
    static boolean moving(String answer) {
        return answer.startsWith("MOVED ") || answer.startsWith("ASK ") || answer.startsWith("TRYAGAIN")
                || answer.contains("non local key");
    }

    /**
     * What a failed connection attempt says when the server (or its TLS) refused this node, in words for a
     * person; {@code null} when it could not be reached (refused, reset, silent, loading, failing over).
     */
    static String refusal(Throwable failure) {
        String said = said(failure);
        for (Throwable c = failure; said == null && c != null && c.getCause() != c; c = c.getCause()) {
            for (Throwable seed : c.getSuppressed()) { // a Cluster's seeds: Lettuce puts what each answered beside its failure
                said = said == null ? said(seed) : said;
            }
        }
        return said;
    }

    /** What one chain of causes says of a refusal, or {@code null}. */
    private static String said(Throwable failure) {
        for (Throwable c = failure; c != null && c.getCause() != c; c = c.getCause()) {
            if (c instanceof RedisCommandExecutionException) {
                return transientAnswer(c.getMessage()) ? null : "the server answered: " + c.getMessage();
            }
            if (c instanceof RedisProtocolException) {
                return "it does not answer in Redis's protocol, another service's port? (" + c.getMessage() + ")";
            }
            if (c instanceof SslHandshakeTimeoutException) {
                return null; // silence during the handshake: not there
            }
            if (c instanceof CertificateException || c instanceof GeneralSecurityException) {
                return "its TLS certificate is not trusted here (" + c.getMessage() + ")";
            }
            if (c instanceof SSLException && !String.valueOf(c.getMessage()).toLowerCase(Locale.ROOT).contains("closed")) {
                String deeper = said(c.getCause());
                return deeper != null ? deeper : "TLS failed (" + c.getMessage() + ")";
            }
            if (c instanceof RedisConnectionException
                    && String.valueOf(c.getMessage()).startsWith("Cannot provide redisAddress using sentinel")) {
                return "the Sentinels do not know the group " + c.getMessage().substring(c.getMessage().lastIndexOf(' ') + 1);
            }
        }
        return null;
    }

    /**
     * A server's error that passes by itself: loading its data, running a script, failing over, resharding, full
     * ({@code OOM}: {@code maxmemory} reached; {@code MISCONF}: it cannot persist and refuses writes), at its
     * {@code maxclients} (it closes the connection: as one refused). A fault of the store, never a setting to mend: a
     * start goes on, and the calls meet it.
     */
    static boolean transientAnswer(String message) {
        String m = String.valueOf(message);
        return m.startsWith("LOADING") || m.startsWith("BUSY") || m.startsWith("MASTERDOWN") || m.startsWith("TRYAGAIN")
                || m.startsWith("CLUSTERDOWN") || m.startsWith("UNBLOCKED") || m.startsWith("OOM") || m.startsWith("MISCONF")
                || m.startsWith("ERR max number of clients reached");
    }

    /**
     * A failure's message, one line, for logs and the status: neither the URI's password nor its length is in it, since
     * Lettuce holds the credentials as a provider, and so quotes its URIs without them ({@link RedisTopology}).
     */
    static String message(Throwable e) {
        Throwable deepest = e;
        while (deepest.getCause() != null && deepest.getCause() != deepest) {
            deepest = deepest.getCause();
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage() + (deepest == e ? "" : " (" + deepest + ")");
    }
}
