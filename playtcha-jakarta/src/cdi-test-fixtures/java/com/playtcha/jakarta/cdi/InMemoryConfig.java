package com.playtcha.jakarta.cdi;

import com.playtcha.jakarta.core.TestSettings;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The application's MicroProfile Config for one test class: only the given properties (no
 * environment, no system properties, so a {@code PLAYTCHA_SECRET} on the build machine cannot leak
 * in), registered for the thread context class loader, which is where the producer (and a servlet
 * context whose class loader is that one) looks it up. Registered before the class's first test,
 * so before the Weld extension starts a container, and released after the class's
 * {@code @AfterAll} methods. The properties are made from the class's simulator, which is started
 * first whatever order JUnit registers the two extensions in.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final PlaytchaSimulatorExtension PLAYTCHA = new PlaytchaSimulatorExtension();
 *
 * @RegisterExtension
 * static final InMemoryConfig CONFIG = InMemoryConfig.pointingAt(PLAYTCHA, "playtcha.timeout", "5s");
 * }</pre>
 */
public final class InMemoryConfig implements BeforeAllCallback, AfterAllCallback {

    private final PlaytchaSimulatorExtension playtcha;
    private final Function<PlaytchaSimulator, Map<String, String>> properties;
    private volatile Config config;

    private InMemoryConfig(PlaytchaSimulatorExtension playtcha, Function<PlaytchaSimulator, Map<String, String>> properties) {
        this.playtcha = playtcha;
        this.properties = properties;
    }

    /**
     * {@code playtcha.secret} and {@code playtcha.api-url} of the simulator, the patient verify budget of
     * {@link TestSettings#PATIENT} as {@code playtcha.timeout} (a test about a timeout sets its own), and
     * {@code more} as name, value pairs.
     */
    public static InMemoryConfig pointingAt(PlaytchaSimulatorExtension playtcha, String... more) {
        return of(playtcha, sim -> {
            Map<String, String> pointing = new LinkedHashMap<>();
            pointing.put("playtcha.secret", sim.secret());
            pointing.put("playtcha.api-url", sim.url().toString());
            pointing.put("playtcha.timeout", TestSettings.PATIENT.toMillis() + "ms");
            for (int i = 0; i + 1 < more.length; i += 2) {
                pointing.put(more[i], more[i + 1]);
            }
            return pointing;
        });
    }

    /** Exactly the properties {@code properties} makes of the simulator. */
    public static InMemoryConfig of(PlaytchaSimulatorExtension playtcha, Function<PlaytchaSimulator, Map<String, String>> properties) {
        return new InMemoryConfig(playtcha, properties);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        playtcha.beforeAll(context); // the class's one simulator: started here if JUnit has not yet
        register(properties.apply(playtcha.simulator()));
    }

    private void register(Map<String, String> properties) {
        ClassLoader classLoader = Thread.currentThread().getContextClassLoader();
        ConfigProviderResolver resolver = ConfigProviderResolver.instance();
        // ConfigProvider.getConfig(classLoader) caches a default config for a class loader the first
        // time anyone asks (another test class may have); registering over it would fail.
        resolver.releaseConfig(resolver.getConfig(classLoader));
        config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(properties, "in-memory test config", 500))
                .build();
        resolver.registerConfig(config, classLoader);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Config registered = config;
        config = null;
        if (registered != null) {
            ConfigProviderResolver.instance().releaseConfig(registered);
        }
    }
}
