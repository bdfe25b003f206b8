package com.playtcha.jakarta.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** {@code playtcha.redis.uri}: what Lettuce reads, checked at start naming the key, its password never shown. */
class RedisUriSettingTest {

    private static PlaytchaSettings.Builder builder() {
        return PlaytchaSettings.builder("sk_test_0123456789abcdef");
    }

    @ParameterizedTest
    @ValueSource(strings = {"redis://redis.internal", "redis://redis.internal:6379/0", "rediss://playtcha:s3cret@redis.internal:6380/2",
            "redis://s3cret@10.0.0.5:6379", "redis://[::1]:6379/15", "rediss://default:p%40ss@cache.example.com:6380/0?clientName=web",
            "redis://:s3cret@node-1:7000,node-2:7001,10.0.0.7", "redis-sentinel://s1:26379,s2:26379,s3/0#mymaster",
            "rediss-sentinel://app:s3cret@sentinel.internal/2#cache-1", "redis-sentinel://s1?sentinelMasterId=mymaster"})
    void aRedisUri_isTaken_andSharesTheLedger(String uri) {
        PlaytchaSettings s = builder().set(Setting.REDIS_URI, " " + uri + " ").build();
        assertEquals(uri, s.ledger().redis().uri());
        assertTrue(s.ledger().shared());
        assertTrue(s.ledger().durable());
    }

    @Test
    void unset_orEmpty_isNoRedis() {
        assertNull(builder().build().ledger().redis());
        assertNull(builder().set(Setting.REDIS_URI, "  ").build().ledger().redis());
        assertFalse(builder().build().ledger().shared());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://redis.internal:6379", "redis.internal:6379", "redis://:6379/0", "redis://redis.internal:6379/db",
            "redis://redis.internal:6379/0/1", "redis://redis.internal:99999", "redis-sentinel://redis.internal",
            "redis://:pa#ss@redis.internal", "redis://n1:7000,,n2:7001", "redis://n1:7000,n2:x", "redis-sentinel://s1#my master"})
    void aBadUri_failsNamingTheKey_andWhatAValidOneLooksLike(String uri) {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> builder().set(Setting.REDIS_URI, uri).build());
        assertEquals(Setting.REDIS_URI, e.setting());
        assertTrue(e.getMessage().contains("playtcha.redis.uri") && e.getMessage().contains("redis://"), e.getMessage());
    }

    @Test
    void thePassword_isNeverShown_inToString_norInAFailure() {
        PlaytchaSettings s = builder().redisUri("rediss://playtcha:s3cret@redis.internal:6380/2").build();
        assertFalse(s.toString().contains("s3cret"), s.toString());
        assertTrue(s.toString().contains("rediss://playtcha:****@redis.internal:6380/2"), s.toString());
        assertEquals("redis://****@redis.internal", builder().redisUri("redis://s3cret@redis.internal").build().ledger().redis().toString());
        InvalidSettingException bad = assertThrows(InvalidSettingException.class,
                () -> builder().redisUri("redis://playtcha:s3cret@redis.internal:6379/x").build());
        assertFalse(bad.getMessage().contains("s3cret"), bad.getMessage());
        InvalidSettingException both = assertThrows(InvalidSettingException.class,
                () -> builder().redisUri("redis://playtcha:s3cret@redis.internal").ledgerDataSource("java:comp/DefaultDataSource").build());
        assertEquals(Setting.REDIS_URI, both.setting());
        assertFalse(both.getMessage().contains("s3cret"), both.getMessage());
    }

    @Test
    void redis_isNotTakenTogetherWithAnotherLedgerStore() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> builder().redisUri("redis://redis.internal").ledgerDirectory(Path.of("/var/lib/app/playtcha")).build());
        assertEquals(Setting.REDIS_URI, e.setting());
    }
}
