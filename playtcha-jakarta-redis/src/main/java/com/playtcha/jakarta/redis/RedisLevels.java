package com.playtcha.jakarta.redis;

import static com.playtcha.jakarta.redis.RedisKeys.LOGIN;
import static com.playtcha.jakarta.redis.RedisKeys.bytes;
import static com.playtcha.jakarta.redis.RedisKeys.text;

import com.playtcha.jakarta.cluster.counts.BatchedLevels;
import com.playtcha.jakarta.cluster.counts.Levels;
import com.playtcha.jakarta.redis.RedisKeys.Script;
import io.lettuce.core.ScriptOutputType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The login counts' levels on Redis: a hash per key, {@code playtcha:{login}:<key in hex>} (the hash tag puts an
 * attempt's keys in one slot of a Redis Cluster), holding the level, the epoch ms of its last change and what
 * drains a millisecond, kept until drained and {@link Levels#KEEP} more. Each call is one run of the script
 * {@code levels.lua} (a resource beside this class, readable and testable alone) over the attempt's keys, by its
 * SHA-1 ({@code EVALSHA}): one round trip, atomic across all its keys, so an admission raises every key or none.
 * The script is {@link Levels}' rule, its constants ({@link Levels#OVER}, {@link Levels#KEEP}) passed in as
 * arguments. A success's give-back is no call of its own: it waits ({@link BatchedLevels}, at most
 * {@value BatchedLevels#PENDING} keys) and goes with this node's next call, or within a second
 * ({@link #flush}), as on JCache; meanwhile those counts are one higher, which only asks for a token, and
 * a call that fails loses the give-backs it carried, with the same effect. So a login attempt is one
 * round trip. Times are the verifier's clock, as on the other stores.
 */
final class RedisLevels extends BatchedLevels {

    /** Every call's script: {@code levels.lua}, its arguments as its head says. */
    static final Script SCRIPT = Script.of(script());

    private final RedisCalls calls;

    /** Levels on {@code calls}, their script loaded (the counts' first call, within the start's bound, warms the path). */
    RedisLevels(RedisCalls calls) {
        this.calls = calls;
        calls.load(SCRIPT);
    }

    private static String script() {
        try (InputStream in = RedisLevels.class.getResourceAsStream("levels.lua")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("levels.lua is in this module's jar", e);
        }
    }

    @Override
    public boolean admit(long[] keys, double[] perMilli, double windowMillis, long nowMillis) {
        List<String> args = head("admit", nowMillis, keys.length, windowMillis);
        return calls.<Long>call(SCRIPT, ScriptOutputType.INTEGER, keys(keys, drain(), args, perMilli), bytes(args), null) == 1;
    }

    @Override
    public double[] add(long[] keys, double[] perMilli, long nowMillis) {
        List<String> args = head("add", nowMillis, keys.length, 0);
        return levels(calls.call(SCRIPT, ScriptOutputType.MULTI, keys(keys, drain(), args, perMilli), bytes(args), null));
    }

    @Override
    protected void giveBackNow(HashMap<Long, Integer> back, long nowMillis) {
        List<String> args = head("give-back", nowMillis, 0, 0);
        calls.call(SCRIPT, ScriptOutputType.INTEGER, keys(new long[0], back, args, new double[0]), bytes(args), null);
    }

    /** What Redis holds, less the give-backs waiting. */
    @Override
    public double[] read(long[] keys, long nowMillis) {
        List<String> args = head("read", nowMillis, keys.length, 0);
        double[] levels = levels(calls.call(SCRIPT, ScriptOutputType.MULTI, keys(keys, Map.of(), args, new double[0]), bytes(args), null));
        takeOff(keys, levels);
        return levels;
    }

    /** The script's first arguments: the call, now, the rule's constants, the number of the call's own keys, the window. */
    private static List<String> head(String call, long nowMillis, int own, double windowMillis) {
        return new ArrayList<>(List.of(call, Long.toString(nowMillis), Double.toString(Levels.OVER), Long.toString(Levels.KEEP.toMillis()),
                Integer.toString(own), Double.toString(windowMillis)));
    }

    /** The attempt's keys, then the give-backs'; their rates, then the give-backs' counts, appended to {@code args}. */
    private static List<byte[]> keys(long[] keys, Map<Long, Integer> back, List<String> args, double[] perMilli) {
        List<byte[]> named = new ArrayList<>(keys.length + back.size());
        for (int i = 0; i < keys.length; i++) {
            named.add(bytes(LOGIN + Long.toHexString(keys[i])));
            if (i < perMilli.length) {
                args.add(Double.toString(perMilli[i]));
            }
        }
        back.forEach((key, count) -> {
            named.add(bytes(LOGIN + Long.toHexString(key)));
            args.add(Integer.toString(count));
        });
        return named;
    }

    private static double[] levels(List<Object> answer) {
        double[] levels = new double[answer.size()];
        for (int i = 0; i < levels.length; i++) {
            levels[i] = Double.parseDouble(text(answer.get(i)));
        }
        return levels;
    }

    @Override
    public String toString() {
        return calls.where();
    }
}
