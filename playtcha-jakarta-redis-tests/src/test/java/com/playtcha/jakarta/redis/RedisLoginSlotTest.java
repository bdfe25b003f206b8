package com.playtcha.jakarta.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.internal.budget.Stores;
import com.playtcha.jakarta.spi.store.LoginFailures;
import com.playtcha.jakarta.spi.store.Resources;
import com.playtcha.jakarta.spi.store.VerifierClock;
import io.lettuce.core.cluster.SlotHash;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every key a login touches is in one slot of a Redis Cluster (issue 87): the levels of the account and of the
 * client, and the application's rate. Were they on two slots, losing either slot's primary would make every login
 * need a token. Read from a real {@code redis-server} after logins, so a key the code adds under another name fails
 * here; {@link RedisClusterModeTest} finds them on one node of a real Cluster.
 */
class RedisLoginSlotTest {

    @Test
    void theKeyPrefixesOfALogin_areOneSlot() {
        int login = SlotHash.getSlot(RedisKeys.LOGIN + "0");
        assertEquals(login, SlotHash.getSlot(RedisKeys.LOGIN + "ffffffffffffffff"), "the levels");
        assertEquals(login, SlotHash.getSlot(RedisKeys.LOGIN_RATE + "0"), "the application's rate: " + RedisKeys.LOGIN_RATE);
    }

    @Test
    @Timeout(300)
    void everyKeyLoginsWrite_isInTheSlotOfTheLoginCounts() throws Exception {
        try (RedisServer server = RedisServer.start()) {
            PlaytchaSettings settings = PlaytchaSettings.builder("sk_test_redis").redisUri(server.uri(0))
                    .clusterTimeout(Duration.ofSeconds(2)).loginAfterFailures(true).build();
            LoginFailures counts = Stores.loginFailures(settings, VerifierClock.SYSTEM, "playtcha-login-slot", Resources.NONE);
            try {
                byte[] account = "a keyed hash of alice".getBytes(StandardCharsets.UTF_8);
                RedisFailureTest.await(() -> {
                    boolean admitted = counts.admit(account, "203.0.113.7");
                    if (admitted) {
                        counts.admitted(account, "203.0.113.7", false);
                    }
                    return admitted;
                }, "a failed login counted on the shared counts");
                counts.failed(account, "2001:db8::7");
                RedisFailureTest.await(() -> keys(server).keySet().stream().anyMatch(k -> k.startsWith(RedisKeys.LOGIN_RATE)),
                        "the application's rate written");
            } finally {
                counts.close();
            }
            Map<String, Integer> slots = keys(server);
            assertTrue(slots.size() >= 3, "an account's, a client's and the application's keys: " + slots);
            int login = SlotHash.getSlot(RedisKeys.LOGIN + "0");
            slots.forEach((key, slot) -> assertEquals(login, slot, key + " is in another slot than the login counts': " + slots));
        }
    }

    /** The server's keys but the ledger's (its epoch), each with its slot. */
    private static Map<String, Integer> keys(RedisServer server) {
        Map<String, Integer> slots = new TreeMap<>();
        List<String> keys = server.reply("KEYS playtcha:*");
        keys.stream().filter(k -> !k.startsWith(RedisKeys.LEDGER)).forEach(k -> slots.put(k, SlotHash.getSlot(k)));
        return slots;
    }
}
