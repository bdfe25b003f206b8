package com.playtcha.jakarta.redis;

import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ExecutionStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.github.bucket4j.redis.lettuce.RedisApi;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;

/**
 * Bucket4j's buckets on Redis through its Lettuce backend (compare-and-swap in a Lua script, one round trip
 * a call), under keys {@code <prefix><key in hex>} that expire once a bucket is full again and
 * {@code keep} more went by. Bucket4j's {@link RedisApi} is given the link's connection of the moment, so
 * the buckets need no connection when they are made (a start with Redis away) and fail at once, as refused,
 * while there is none.
 */
final class RedisBuckets implements RedisApi<Object> {

    private final RedisCalls calls;
    private final String prefix;

    private RedisBuckets(RedisCalls calls, String prefix) {
        this.calls = calls;
        this.prefix = prefix;
    }

    /**
     * The proxies of {@code SharedBudgets} and {@code SharedLoginFailures}: keys under {@code prefix}. Typed on
     * {@code Object}, since Bucket4j hands its keys over in an {@code Object[]}; every key is a {@code Long}.
     */
    @SuppressWarnings("unchecked")
    static ProxyManager<Long> open(RedisCalls calls, String prefix, ExecutionStrategy execution, TimeMeter meter, Duration keep) {
        ProxyManager<?> buckets = new Bucket4jLettuce.LettuceBasedProxyManagerBuilder<>(new RedisBuckets(calls, prefix))
                .executionStrategy(execution).clientClock(meter)
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(keep)).build();
        return (ProxyManager<Long>) buckets;
    }

    private byte[] key(Object key) {
        return RedisKeys.bytes(prefix + Long.toHexString((Long) key));
    }

    @Override
    public <V> RedisFuture<V> eval(String script, ScriptOutputType type, Object[] keys, byte[][] params) {
        byte[][] named = new byte[keys.length][];
        for (int i = 0; i < keys.length; i++) {
            named[i] = key(keys[i]);
        }
        return calls.dispatch(named.length == 0 ? null : named[0], c -> c.eval(script, type, named, params));
    }

    @Override
    public RedisFuture<byte[]> get(Object key) {
        byte[] named = key(key);
        return calls.dispatch(named, c -> c.get(named));
    }

    @Override
    public RedisFuture<?> delete(Object key) {
        byte[] named = key(key);
        return calls.dispatch(named, c -> c.del(named));
    }
}
