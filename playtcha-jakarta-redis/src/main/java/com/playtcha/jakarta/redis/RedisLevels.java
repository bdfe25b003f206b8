package com.playtcha.jakarta.redis;

import com.playtcha.jakarta.cluster.counts.BatchedLevels;
import io.lettuce.core.ScriptOutputType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The login counts' levels on Redis: a hash per key, {@code playtcha:{login}:<key in hex>}, holding the
 * level, the epoch ms of its last change and what drains a millisecond, expiring once drained (and a
 * minute more). Each call is one Lua script over the attempt's keys, run by its SHA-1 ({@code EVALSHA}):
 * one round trip, atomic across all its keys, so an admission raises every key or none. A success's
 * give-back is no call of its own: it waits ({@link BatchedLevels}, at most
 * {@value BatchedLevels#PENDING} keys) and goes with this node's next call, or within a second
 * ({@link #flush}), as on JCache; meanwhile those counts are one higher, which only asks for a token, and a
 * call that fails loses the give-backs it carried, with the same effect. So a login attempt is one round
 * trip. Times are the verifier's clock, as on the other stores.
 */
final class RedisLevels extends BatchedLevels {

    /** One hash tag for every count: an attempt's keys and the give-backs that go with it are in one slot of a Redis Cluster. */
    static final String PREFIX = "playtcha:{login}:";

    /** Drains a key to now; writes (or deletes, at zero) a level. */
    private static final String FUNCTIONS = """
            local function level(k, now)
              local v = redis.call('HMGET', k, 'l', 't', 'r')
              if not v[1] then return 0, now, nil end
              local at, per = tonumber(v[2]), tonumber(v[3])
              return math.max(0, tonumber(v[1]) - math.max(now - at, 0) * per), math.max(at, now), per
            end
            local function write(k, l, at, per)
              if l <= 0 then redis.call('DEL', k) return end
              redis.call('HSET', k, 'l', string.format('%.17g', l), 't', string.format('%d', at), 'r', string.format('%.17g', per))
              redis.call('PEXPIRE', k, math.ceil(l / per) + 60000)
            end
            local now = tonumber(ARGV[1])
            """;
    /** Takes the give-backs that go with a call off their keys: {@code KEYS[j]} past {@code own}, its count {@code ARGV[from + j]}. */
    private static final String GIVE_BACKS = """
            local function giveBacks(own, from)
              for j = own + 1, #KEYS do
                local l, at, per = level(KEYS[j], now)
                if per then write(KEYS[j], l - tonumber(ARGV[from + j]), at, per) end
              end
            end
            """;
    /**
     * ARGV: now, the window in ms, the number n of the attempt's keys, their rates, then the give-backs' counts;
     * KEYS: the attempt's, then the give-backs'. One more on every key of the attempt, or none when one has no room (0).
     */
    private static final RedisLink.Script ADMIT = RedisLink.Script.of(FUNCTIONS + GIVE_BACKS + """
            local window, n = tonumber(ARGV[2]), tonumber(ARGV[3])
            giveBacks(n, 3)
            local raised = {}
            for i = 1, n do
              local per = tonumber(ARGV[3 + i])
              local l, at = level(KEYS[i], now)
              if l + 1 > per * window + 1e-9 then return 0 end
              raised[i] = {l + 1, at, per}
            end
            for i = 1, n do write(KEYS[i], raised[i][1], raised[i][2], raised[i][3]) end
            return 1
            """);
    /** ARGV: now, n, the rates, the give-backs' counts: one more on every key of the attempt; their new levels. */
    private static final RedisLink.Script ADD = RedisLink.Script.of(FUNCTIONS + GIVE_BACKS + """
            local n = tonumber(ARGV[2])
            giveBacks(n, 2)
            local levels = {}
            for i = 1, n do
              local per = tonumber(ARGV[2 + i])
              local l, at = level(KEYS[i], now)
              write(KEYS[i], l + 1, at, per)
              levels[i] = string.format('%.17g', l + 1)
            end
            return levels
            """);
    /** ARGV: now, the give-backs' counts: that much less on every key that is there. */
    private static final RedisLink.Script GIVE_BACK = RedisLink.Script.of(FUNCTIONS + GIVE_BACKS + """
            giveBacks(0, 1)
            return 1
            """);
    /** ARGV: now: the drained levels. */
    private static final RedisLink.Script READ = RedisLink.Script.of(FUNCTIONS + """
            local levels = {}
            for i, k in ipairs(KEYS) do
              local l = level(k, now)
              levels[i] = string.format('%.17g', l)
            end
            return levels
            """);

    private final RedisLink link;

    /** Levels on {@code link}, their scripts loaded and their path warmed by one read, so a first login is not slow for it. */
    RedisLevels(RedisLink link) {
        this.link = link;
        link.load(ADMIT, ADD, GIVE_BACK, READ);
        try {
            read(new long[] {0}, System.currentTimeMillis());
        } catch (RuntimeException notNow) {
            // away at start: the calls tell
        }
    }

    @Override
    public boolean admit(long[] keys, double[] perMilli, double windowMillis, long nowMillis) {
        Map<Long, Integer> back = drain();
        List<String> args = new ArrayList<>(List.of(Long.toString(nowMillis), Double.toString(windowMillis),
                Integer.toString(keys.length)));
        return link.<Long>call(ADMIT, ScriptOutputType.INTEGER, keys(keys, back, args, perMilli), bytes(args), null) == 1;
    }

    @Override
    public double[] add(long[] keys, double[] perMilli, long nowMillis) {
        Map<Long, Integer> back = drain();
        List<String> args = new ArrayList<>(List.of(Long.toString(nowMillis), Integer.toString(keys.length)));
        return levels(link.call(ADD, ScriptOutputType.MULTI, keys(keys, back, args, perMilli), bytes(args), null));
    }

    @Override
    protected void giveBackNow(HashMap<Long, Integer> back, long nowMillis) {
        List<String> args = new ArrayList<>(List.of(Long.toString(nowMillis)));
        link.call(GIVE_BACK, ScriptOutputType.INTEGER, keys(new long[0], back, args, new double[0]), bytes(args), null);
    }

    /** What Redis holds, less the give-backs waiting. */
    @Override
    public double[] read(long[] keys, long nowMillis) {
        double[] levels = levels(link.call(READ, ScriptOutputType.MULTI, keys(keys, Map.of(), new ArrayList<>(), new double[0]),
                bytes(List.of(Long.toString(nowMillis))), null));
        takeOff(keys, levels);
        return levels;
    }

    /** The attempt's keys, then the give-backs'; their rates, then the give-backs' counts, appended to {@code args}. */
    private static List<byte[]> keys(long[] keys, Map<Long, Integer> back, List<String> args, double[] perMilli) {
        List<byte[]> named = new ArrayList<>(keys.length + back.size());
        for (int i = 0; i < keys.length; i++) {
            named.add(RedisLink.bytes(PREFIX + Long.toHexString(keys[i])));
            if (i < perMilli.length) {
                args.add(Double.toString(perMilli[i]));
            }
        }
        back.forEach((key, count) -> {
            named.add(RedisLink.bytes(PREFIX + Long.toHexString(key)));
            args.add(Integer.toString(count));
        });
        return named;
    }

    private static double[] levels(List<Object> answer) {
        double[] levels = new double[answer.size()];
        for (int i = 0; i < levels.length; i++) {
            levels[i] = Double.parseDouble(RedisTable.text(answer.get(i)));
        }
        return levels;
    }

    private static byte[][] bytes(List<String> args) {
        byte[][] out = new byte[args.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = RedisLink.bytes(args.get(i));
        }
        return out;
    }

    @Override
    public String toString() {
        return link.where();
    }
}
