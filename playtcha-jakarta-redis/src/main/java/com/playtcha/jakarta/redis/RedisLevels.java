package com.playtcha.jakarta.redis;

import com.playtcha.jakarta.cluster.counts.Levels;
import io.lettuce.core.ScriptOutputType;
import java.util.ArrayList;
import java.util.List;

/**
 * The login counts' levels on Redis: a hash per key, {@code playtcha:login:<key in hex>}, holding the
 * level, the epoch ms of its last change and what drains a millisecond, expiring once drained (and a
 * minute more). Each call is one Lua script over the attempt's keys, run by its SHA-1 ({@code EVALSHA}):
 * one round trip, atomic across all its keys, so an admission raises every key or none. Times are the
 * verifier's clock, as on the other stores.
 */
final class RedisLevels implements Levels {

    static final String PREFIX = "playtcha:login:";

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
    /** ARGV: now, the window in ms, each key's rate: one more on every key, or none when one has no room (0). */
    private static final RedisLink.Script ADMIT = RedisLink.Script.of(FUNCTIONS + """
            local window = tonumber(ARGV[2])
            local raised = {}
            for i, k in ipairs(KEYS) do
              local per = tonumber(ARGV[i + 2])
              local l, at = level(k, now)
              if l + 1 > per * window + 1e-9 then return 0 end
              raised[i] = {l + 1, at, per}
            end
            for i, k in ipairs(KEYS) do write(k, raised[i][1], raised[i][2], raised[i][3]) end
            return 1
            """);
    /** ARGV: now, each key's rate: one more on every key; the new levels. */
    private static final RedisLink.Script ADD = RedisLink.Script.of(FUNCTIONS + """
            local levels = {}
            for i, k in ipairs(KEYS) do
              local per = tonumber(ARGV[i + 1])
              local l, at = level(k, now)
              write(k, l + 1, at, per)
              levels[i] = string.format('%.17g', l + 1)
            end
            return levels
            """);
    /** ARGV: now: one less on every key that is there. */
    private static final RedisLink.Script GIVE_BACK = RedisLink.Script.of(FUNCTIONS + """
            for _, k in ipairs(KEYS) do
              local l, at, per = level(k, now)
              if per then write(k, l - 1, at, per) end
            end
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
        List<String> args = new ArrayList<>(List.of(Long.toString(nowMillis), Double.toString(windowMillis)));
        for (double rate : perMilli) {
            args.add(Double.toString(rate));
        }
        return link.<Long>call(ADMIT, ScriptOutputType.INTEGER, keys(keys), bytes(args), null) == 1;
    }

    @Override
    public double[] add(long[] keys, double[] perMilli, long nowMillis) {
        List<String> args = new ArrayList<>(List.of(Long.toString(nowMillis)));
        for (double rate : perMilli) {
            args.add(Double.toString(rate));
        }
        return levels(link.call(ADD, ScriptOutputType.MULTI, keys(keys), bytes(args), null));
    }

    @Override
    public void giveBack(long[] keys, long nowMillis) {
        link.call(GIVE_BACK, ScriptOutputType.INTEGER, keys(keys), bytes(List.of(Long.toString(nowMillis))), null);
    }

    @Override
    public double[] read(long[] keys, long nowMillis) {
        return levels(link.call(READ, ScriptOutputType.MULTI, keys(keys), bytes(List.of(Long.toString(nowMillis))), null));
    }

    private static double[] levels(List<Object> answer) {
        double[] levels = new double[answer.size()];
        for (int i = 0; i < levels.length; i++) {
            levels[i] = Double.parseDouble(RedisTable.text(answer.get(i)));
        }
        return levels;
    }

    private static List<byte[]> keys(long[] keys) {
        List<byte[]> out = new ArrayList<>(keys.length);
        for (long key : keys) {
            out.add(RedisLink.bytes(PREFIX + Long.toHexString(key)));
        }
        return out;
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
