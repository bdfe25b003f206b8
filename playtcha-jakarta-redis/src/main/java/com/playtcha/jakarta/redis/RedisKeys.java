package com.playtcha.jakarta.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The names this module gives Redis, and the words they travel in: every key's prefix, the one key of the server's
 * epoch, a Lua script as it is run ({@link Script}), and the bytes of a key, an argument or an answer. Every other
 * room of the module may read it; it reads none of them, so a name is changed here and nowhere else. The hash tags
 * ({@code {ledger}}, {@code {login}}) are what put a part's keys in one slot of a Redis Cluster: a script's keys must
 * share a slot, and one primary's failover then costs that part alone. Users: docs/redis.md, "What it keeps".
 */
final class RedisKeys {

    /** The shared ledger's keys: one hash tag, so each of its scripts' keys are in one slot of a Redis Cluster. */
    static final String LEDGER = "playtcha:{ledger}:";
    /** The login counts' levels: one hash tag, so an attempt's keys and the give-backs that go with it share a slot. */
    static final String LOGIN = "playtcha:{login}:";
    /** The client budgets' keys: one key a call, so spread over a Redis Cluster's slots. */
    static final String BUDGETS = "playtcha:budget:";
    /**
     * The application's failure rate's key (Bucket4j's), under the login counts' hash tag: every key a login touches is
     * in one slot of a Redis Cluster, so one primary's failover, not either of two, costs the logins their counts.
     */
    static final String LOGIN_RATE = LOGIN + "rate:";
    /** A key of each kind the module writes, whose rights a start checks ({@code RedisTopology#checkRights}). */
    static final List<String> KINDS = List.of(BUDGETS, LOGIN_RATE, LOGIN, LEDGER);

    /** The key each ledger script names, so a Redis Cluster routes it to the slot every key of the ledger is in. */
    static final byte[] LEDGER_SLOT = bytes(LEDGER + "live");
    /** A key of the login counts' one slot: what a failure of theirs is judged by ({@code RedisNodes#reachOf}). */
    static final byte[] LOGIN_SLOT = bytes(LOGIN + "slot");
    /** The server's epoch ({@code RedisEpoch}), in the ledger's slot. */
    static final byte[] EPOCH = bytes(LEDGER + "epoch");

    private RedisKeys() {
    }

    /**
     * A Lua script, run as {@code EVALSHA} of its SHA-1 and, when the server answers {@code NOSCRIPT} (it
     * restarted, failed over, or never saw it), as {@code EVAL} once more: the text goes over the wire only then.
     */
    record Script(String text, String sha) {
        static Script of(String text) {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-1").digest(bytes(text));
                return new Script(text, HexFormat.of().formatHex(digest));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Bytes of a key or an argument. */
    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Bytes of a script's arguments. */
    static byte[][] bytes(List<String> args) {
        byte[][] out = new byte[args.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = bytes(args.get(i));
        }
        return out;
    }

    /** An answer's text: a bulk string's bytes, or what Lettuce made of a status or a number. */
    static String text(Object value) {
        return value instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(value);
    }
}
