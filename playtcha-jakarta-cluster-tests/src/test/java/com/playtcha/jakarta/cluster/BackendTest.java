package com.playtcha.jakarta.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.InvalidSettingException;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.Setting;
import com.playtcha.jakarta.internal.budget.Stores;
import com.playtcha.jakarta.spi.store.Resources;
import com.playtcha.jakarta.spi.store.VerifierClock;
import org.junit.jupiter.api.Test;

/** {@code playtcha.redis.uri} without the Redis module (not on this module's class path): the start fails naming the key and the module. */
class BackendTest {

    @Test
    void redisWithoutItsModule_failsTheStart_namingTheKeyAndTheModule_andNeverThePassword() {
        PlaytchaSettings settings = PlaytchaSettings.builder("sk_test_backend").redisUri("redis://playtcha:s3cret@redis.internal:6379/0")
                .loginAfterFailures(true).build();
        InvalidSettingException budgets = assertThrows(InvalidSettingException.class,
                () -> Stores.budgets(settings, VerifierClock.SYSTEM, "playtcha-backend", Resources.NONE));
        InvalidSettingException counts = assertThrows(InvalidSettingException.class,
                () -> Stores.loginFailures(settings, VerifierClock.SYSTEM, "playtcha-backend", Resources.NONE));
        for (InvalidSettingException e : new InvalidSettingException[] {budgets, counts}) {
            assertEquals(Setting.REDIS_URI, e.setting());
            assertTrue(e.getMessage().contains("com.playtcha:playtcha-jakarta-redis"), e.getMessage());
            assertTrue(!e.getMessage().contains("s3cret"), e.getMessage());
        }
    }
}
