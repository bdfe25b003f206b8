package com.playtcha.jakarta.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.FailMode;
import com.playtcha.jakarta.core.InvalidSettingException;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.Setting;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsLoaderTest {

    private final Map<String, String> systemProperties = new HashMap<>();
    private final Map<String, String> environment = new HashMap<>();

    /** No MicroProfile Config: a plain Tomcat. */
    private SettingsLoader plain() {
        return new SettingsLoader(null, systemProperties::get, environment::get, List::of);
    }

    private SettingsLoader withMicroProfile(Map<String, String> properties) {
        Config config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(properties, "test", 500))
                .build();
        return new SettingsLoader(new MicroProfileSource(config), systemProperties::get, environment::get, List::of);
    }

    /**
     * A framework's configuration (the Spring Boot starter's) offered in the servlet context: read after
     * the init-params, in place of system properties and the environment, which it already holds.
     */
    @Test
    void offeredConfiguration_isReadAfterInitParams_inPlaceOfSystemPropertiesAndEnvironment() {
        Map<String, String> offered = Map.of("playtcha.secret", "sk_offered", "playtcha.timeout", "4s", "playtcha.mode", "observe");
        Function<String, String> configuration = offered::get;
        System.setProperty("playtcha.max-connections", "7");
        try {
            PlaytchaSettings s = SettingsLoader.forApplication(null, configuration).load(Map.of("mode", "enforce"));

            assertEquals("sk_offered", s.secret());
            assertEquals(Duration.ofSeconds(4), s.timeout());
            assertEquals(com.playtcha.jakarta.core.Mode.ENFORCE, s.mode());
            assertEquals(64, s.maxConnections(), "the system property is the framework's to read, not ours");
        } finally {
            System.clearProperty("playtcha.max-connections");
        }
    }

    @Test
    void offeredAttributeThatIsNoFunction_isIgnored() {
        assertEquals(SettingsLoader.forApplication(null).value(Setting.TIMEOUT, Map.of()),
                SettingsLoader.forApplication(null, "not a function").value(Setting.TIMEOUT, Map.of()));
    }

    /** Outside a servlet filter (Helidon, Quarkus, the REST filter, the CDI producer) there are no init-params to name. */
    @Test
    void missingSecret_namesTheEnvironmentAndTheMicroProfileKey_noInitParam() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> withMicroProfile(Map.of("playtcha.timeout", "3s")).load(Map.of()));

        assertEquals(Setting.SECRET, e.setting());
        assertTrue(e.getMessage().startsWith("playtcha.secret: required; set PLAYTCHA_SECRET in the environment or the "
                + "playtcha.secret MicroProfile Config key"), e::getMessage);
        assertFalse(e.getMessage().contains("init-param"), e::getMessage);
    }

    @Test
    void withoutMicroProfile_secretComesFromTheEnvironment() {
        environment.put("PLAYTCHA_SECRET", "sk_env");
        environment.put("PLAYTCHA_FAIL_CLOSED", "1");

        PlaytchaSettings s = plain().load(Map.of());

        assertEquals("sk_env", s.secret());
        assertEquals(FailMode.CLOSED, s.failMode());
    }

    @Test
    void withoutMicroProfile_systemPropertyBeatsEnvironment_initParamBeatsBoth() {
        environment.put("PLAYTCHA_TIMEOUT", "5s");
        systemProperties.put("playtcha.timeout", "4s");
        environment.put("PLAYTCHA_SECRET", "sk_env");
        SettingsLoader loader = plain();

        assertEquals(Duration.ofSeconds(4), loader.load(Map.of()).timeout());
        assertEquals(Duration.ofSeconds(2), loader.load(Map.of("timeout", "2s")).timeout());
    }

    @Test
    void withMicroProfile_itIsUsed_andInitParamStillWins() {
        SettingsLoader loader = withMicroProfile(Map.of("playtcha.secret", "sk_mp", "playtcha.max-connections", "16"));

        assertEquals(16, loader.load(Map.of()).maxConnections());
        assertEquals(8, loader.load(Map.of("max-connections", "8")).maxConnections());
        assertEquals("sk_mp", loader.load(Map.of()).secret());
    }

    @Test
    void withMicroProfile_ourOwnSystemPropertyAndEnvironmentLookupsAreSkipped() {
        environment.put("PLAYTCHA_TIMEOUT", "9s");
        systemProperties.put("playtcha.timeout", "9s");

        PlaytchaSettings s = withMicroProfile(Map.of("playtcha.secret", "sk_mp")).load(Map.of());

        assertEquals(Duration.ofSeconds(3), s.timeout(), "MicroProfile Config has its own env and sysprop sources");
    }

    @Test
    void blankValue_countsAsUnset() {
        environment.put("PLAYTCHA_SECRET", "sk_env");

        assertEquals("sk_env", plain().load(Map.of("secret", "  ")).secret());
    }

    @Test
    void missingSecret_namesTheKey() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> plain().load(Map.of()));

        assertEquals(Setting.SECRET, e.setting());
        assertTrue(e.getMessage().startsWith("playtcha.secret: required"), e.getMessage());
    }

    @Test
    void unknownInitParam_failsListingTheKnownOnes() {
        environment.put("PLAYTCHA_SECRET", "sk_env");

        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> plain().load(Map.of("fail-close", "true")));

        assertNull(e.setting());
        assertTrue(e.getMessage().startsWith("unknown init-param 'fail-close' for PlaytchaFilter; known init-params: secret, api-url, fail-closed,"),
                e.getMessage());
        assertFalse(e.getMessage().contains("url-patterns"), e.getMessage());
    }

    @Test
    void urlPatternsAsInitParam_failsSayingWhereItBelongs() {
        environment.put("PLAYTCHA_SECRET", "sk_env");

        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> plain().load(Map.of("url-patterns", "/signup/*")));

        assertEquals(Setting.URL_PATTERNS, e.setting());
        assertTrue(e.getMessage().contains("set playtcha.url-patterns in MicroProfile Config"), e.getMessage());
    }

    @Test
    void urlPatterns_comeFromMicroProfileConfig() {
        PlaytchaSettings s = withMicroProfile(Map.of("playtcha.secret", "sk_mp",
                "playtcha.url-patterns", "/signup/*, /contact")).load(Map.of());

        assertEquals(List.of("/signup/*", "/contact"), s.urlPatterns());
    }

    @Test
    void badValueFromTheEnvironment_namesTheKey() {
        environment.put("PLAYTCHA_SECRET", "sk_env");
        environment.put("PLAYTCHA_TIMEOUT", "3");

        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> plain().load(Map.of()));

        assertEquals(Setting.TIMEOUT, e.setting());
    }

    @Test
    void breakerSettings_comeFromTheEnvironment_andTheirDottedInitParams() {
        environment.put("PLAYTCHA_SECRET", "sk_env");
        environment.put("PLAYTCHA_BREAKER_FAILURES", "7");
        environment.put("PLAYTCHA_BREAKER_COOL_DOWN", "30s");

        PlaytchaSettings settings = plain().load(Map.of("breaker.enabled", "false", "lease-timeout", "100ms"));

        assertEquals(new PlaytchaSettings.Breaker(false, 7, Duration.ofSeconds(30), 1), settings.breaker());
        assertEquals(Duration.ofMillis(100), settings.leaseTimeout());
    }

    @Test
    void clientBudgetSettings_comeFromMicroProfileConfigTheEnvironment_andTheirDottedInitParams() {
        environment.put("PLAYTCHA_CLIENT_BUDGET_BURST", "10");
        PlaytchaSettings settings = withMicroProfile(Map.of("playtcha.secret", "sk_mp", "playtcha.client-budget.per-minute", "600"))
                .load(Map.of("client-budget.addresses", "5000"));
        environment.put("PLAYTCHA_SECRET", "sk_env");
        environment.put("PLAYTCHA_CLIENT_BUDGET_ENABLED", "0");

        assertEquals(new PlaytchaSettings.ClientBudget(true, 600, 30, 5_000), settings.clientBudget(),
                "MicroProfile Config present: it, not the loader, reads the environment");
        assertEquals(new PlaytchaSettings.ClientBudget(false, 120, 10, 100_000), plain().load(Map.of()).clientBudget());
    }

    @Test
    void badBreakerInitParam_namesTheKey() {
        environment.put("PLAYTCHA_SECRET", "sk_env");

        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> plain().load(Map.of("breaker.probes", "many")));

        assertEquals(Setting.BREAKER_PROBES, e.setting());
        assertTrue(e.getMessage().startsWith("playtcha.breaker.probes: "), e.getMessage());
    }

    @Test
    void forApplication_findsMicroProfileConfigOnTheClassPath(@TempDir Path dir) throws Exception {
        // smallrye-config is on the test class path: the loader must detect and use it, so the
        // application's META-INF/microprofile-config.properties is read.
        try (URLClassLoader application = withConfigFile(dir, getClass().getClassLoader())) {
            assertEquals(7, SettingsLoader.forApplication(application).load(Map.of("secret", "sk_test")).maxConnections());
        }
    }

    @Test
    void forApplication_withoutMicroProfileOnTheClassPath_readsEnvironmentAndSystemProperties(@TempDir Path dir)
            throws Exception {
        ClassLoader withoutMicroProfile = new ClassLoader(getClass().getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (name.startsWith("org.eclipse.microprofile.")) {
                    throw new ClassNotFoundException(name);
                }
                return super.loadClass(name, resolve);
            }
        };

        try (URLClassLoader application = withConfigFile(dir, withoutMicroProfile)) {
            assertEquals(PlaytchaSettings.builder("sk_test").build().maxConnections(),
                    SettingsLoader.forApplication(application).load(Map.of("secret", "sk_test")).maxConnections(),
                    "the MicroProfile Config file is not read without the API");
        }
    }

    /** A class loader under {@code parent} whose application sets {@code playtcha.max-connections=7} in MicroProfile Config's file. */
    private static URLClassLoader withConfigFile(Path dir, ClassLoader parent) throws IOException {
        Path file = dir.resolve("META-INF/microprofile-config.properties");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "playtcha.max-connections=7\n");
        return new URLClassLoader(new URL[] {dir.toUri().toURL()}, parent);
    }

    @Test
    void misspelledKeyInASource_isWarned_notFatal() {
        java.util.List<java.util.logging.LogRecord> warnings = new java.util.ArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                warnings.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(SettingsLoader.class.getName());
        logger.addHandler(capture);
        try {
            environment.put("PLAYTCHA_SECRET", "sk_env");
            // Quarkus's SmallRye Config names PLAYTCHA_API_URL from the environment as playtcha.api.url: known
            SettingsLoader loader = new SettingsLoader(null, systemProperties::get, environment::get,
                    () -> List.of("PLAYTCHA_SECRET", "PLAYTCHA_FAIL_CLOSE", "playtcha.timeuot", "PATH", "playtcha.api.url",
                            "playtcha.client.budget.per.minute"));

            loader.load(Map.of());
        } finally {
            logger.removeHandler(capture);
        }

        String logged = warnings.stream().map(r -> java.text.MessageFormat.format(r.getMessage(), r.getParameters()))
                .collect(java.util.stream.Collectors.joining("\n"));
        assertTrue(logged.contains("[name=PLAYTCHA_FAIL_CLOSE]") && logged.contains("[name=playtcha.timeuot]"), logged);
        assertFalse(logged.contains("PLAYTCHA_SECRET") || logged.contains("PATH") || logged.contains("[name=playtcha.api.url]")
                || logged.contains("[name=playtcha.client.budget.per.minute]"), logged);
    }

    @Test
    void urlPatterns_contextParamOfTheSameName_beatsMicroProfileConfig() {
        SettingsLoader loader = withMicroProfile(Map.of("playtcha.url-patterns", "/from-mp/*"));

        assertEquals(List.of("/from-web-xml/*"), loader.urlPatterns(Map.of("playtcha.url-patterns", "/from-web-xml/*")::get));
        assertEquals(List.of("/from-mp/*"), loader.urlPatterns(name -> null));
        assertEquals(List.of(), plain().urlPatterns(name -> null));
    }

    /**
     * The loader's own classes, loaded where no MicroProfile Config exists (only the JDK besides):
     * a plain Tomcat must be able to load and use it.
     */
    @Test
    void loaderClasses_workWhereMicroProfileConfigIsAbsent() throws Exception {
        java.net.URL classes = SettingsLoader.class.getProtectionDomain().getCodeSource().getLocation();
        try (java.net.URLClassLoader plainTomcat = new java.net.URLClassLoader(new java.net.URL[] {classes},
                ClassLoader.getPlatformClassLoader())) {
            Class<?> loaderClass = Class.forName(SettingsLoader.class.getName(), true, plainTomcat);
            Object loader = loaderClass.getMethod("forApplication", ClassLoader.class).invoke(null, plainTomcat);

            System.setProperty("playtcha.secret", "sk_isolated");
            try {
                Object settings = loaderClass.getMethod("load", Map.class).invoke(loader, Map.of("timeout", "2s"));
                assertTrue(settings.toString().contains("timeout=2000ms"), settings::toString);
            } finally {
                System.clearProperty("playtcha.secret");
            }
        }
    }

    @Test
    void precedence_isOneRule_forEverySetting() {
        Function<String, String> mp = key -> "mp:" + key;
        SettingsLoader loader = new SettingsLoader(mp, k -> "sys", k -> "env", List::of);
        for (Setting setting : Setting.values()) {
            String fromInitParam = setting == Setting.URL_PATTERNS ? "mp:" + setting.key() : "init";
            assertEquals(fromInitParam, loader.value(setting, Map.of(setting.initParam(), "init")).orElseThrow(), setting::key);
            assertEquals("mp:" + setting.key(), loader.value(setting, Map.of()).orElseThrow(), setting::key);
        }
    }
}
