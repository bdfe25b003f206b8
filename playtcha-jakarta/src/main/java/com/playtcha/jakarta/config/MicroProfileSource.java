package com.playtcha.jakarta.config;

import java.util.function.Function;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Reads keys from MicroProfile Config. The only class that names MicroProfile Config types:
 * {@link SettingsLoader} loads it only after checking the API is on the class path, so a plain
 * Tomcat never links it.
 */
record MicroProfileSource(Config config) implements Function<String, String> {

    /**
     * The application's MicroProfile Config.
     *
     * @throws IllegalStateException when the API is present but no implementation is
     */
    static MicroProfileSource of(ClassLoader classLoader) {
        return new MicroProfileSource(ConfigProvider.getConfig(classLoader));
    }

    /** Every key any config source knows, for spotting misspelled ones. */
    Iterable<String> names() {
        return config.getPropertyNames();
    }

    /** The value, or {@code null} when no config source sets it (MicroProfile Config treats empty as unset). */
    @Override
    public String apply(String key) {
        return config.getOptionalValue(key, String.class).orElse(null);
    }
}
