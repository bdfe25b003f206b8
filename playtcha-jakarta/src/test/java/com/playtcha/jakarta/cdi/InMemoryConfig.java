package com.playtcha.jakarta.cdi;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;

/**
 * The application's MicroProfile Config for one test class: only the given properties (no
 * environment, no system properties, so a {@code PLAYTCHA_SECRET} on the build machine cannot leak
 * in), registered for the thread context class loader, which is where the producer (and a servlet
 * context whose class loader is that one) looks it up. Register it in {@code @BeforeAll}: the
 * Weld extension starts the container before any {@code @BeforeEach} method runs.
 */
final class InMemoryConfig implements AutoCloseable {

    private final Config config;

    private InMemoryConfig(Config config) {
        this.config = config;
    }

    static InMemoryConfig register(Map<String, String> properties) {
        ClassLoader classLoader = Thread.currentThread().getContextClassLoader();
        ConfigProviderResolver resolver = ConfigProviderResolver.instance();
        // ConfigProvider.getConfig(classLoader) caches a default config for a class loader the first
        // time anyone asks (another test class may have); registering over it would fail.
        resolver.releaseConfig(resolver.getConfig(classLoader));
        Config config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(properties, "in-memory test config", 500))
                .build();
        resolver.registerConfig(config, classLoader);
        return new InMemoryConfig(config);
    }

    @Override
    public void close() {
        ConfigProviderResolver.instance().releaseConfig(config);
    }
}
