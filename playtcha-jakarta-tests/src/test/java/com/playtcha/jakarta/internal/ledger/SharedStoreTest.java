package com.playtcha.jakarta.internal.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.InvalidSettingException;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.Setting;
import com.playtcha.jakarta.spi.store.SharedStore;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The core alone has no database ledger: naming a DataSource without the cluster module fails start-up, saying what to add. */
class SharedStoreTest {

    @Test
    void aDataSourceWithoutTheClusterModule_failsStartUp_namingTheKeyAndTheModule() {
        PlaytchaSettings settings = PlaytchaSettings.builder("sk_test_no_cluster").ledgerDataSource("java:comp/DefaultDataSource")
                .build();
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> PlaytchaVerifier.create(settings).close());
        assertEquals(Setting.LEDGER_DATASOURCE, e.setting());
        assertTrue(e.getMessage().startsWith("playtcha.ledger.datasource")
                && e.getMessage().contains("com.playtcha:playtcha-jakarta-cluster")
                && e.getMessage().contains("next to playtcha-jakarta"), e.getMessage());
    }

    @Test
    void aRedisUriWithoutTheModules_failsStartUp_namingTheKeyAndTheRedisModule_withoutThePassword() {
        PlaytchaSettings settings = PlaytchaSettings.builder("sk_test_no_redis").redisUri("redis://playtcha:s3cret@redis.internal:6379/0")
                .build();
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> PlaytchaVerifier.create(settings).close());
        assertEquals(Setting.REDIS_URI, e.setting());
        assertTrue(e.getMessage().startsWith("playtcha.redis.uri") && e.getMessage().contains("com.playtcha:playtcha-jakarta-redis")
                && !e.getMessage().contains("s3cret"), e.getMessage());
    }

    /** A cluster jar that cannot be loaded (here: its service file names a class that is not there) fails start-up naming the key. */
    @Test
    void aClusterModuleThatCannotBeLoaded_failsStartUp_namingTheKey(@TempDir Path jar) throws Exception {
        Path services = Files.createDirectories(jar.resolve("META-INF/services"));
        Files.writeString(services.resolve(SharedStore.Provider.class.getName()), "com.example.NoSuchProvider\n");
        PlaytchaSettings settings = PlaytchaSettings.builder("sk_test_broken_cluster").ledgerDataSource("java:comp/DefaultDataSource")
                .build();
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        try (URLClassLoader application = new URLClassLoader(new URL[] {jar.toUri().toURL()}, before)) {
            thread.setContextClassLoader(application);
            InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> PlaytchaVerifier.create(settings).close());
            assertEquals(Setting.LEDGER_DATASOURCE, e.setting());
            assertTrue(e.getMessage().contains("cannot be loaded") && e.getMessage().contains("com.example.NoSuchProvider")
                    && e.getMessage().contains("Bucket4j jars"), e.getMessage());
        } finally {
            thread.setContextClassLoader(before);
        }
    }
}
