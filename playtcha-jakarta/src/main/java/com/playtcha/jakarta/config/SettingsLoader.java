package com.playtcha.jakarta.config;

import com.playtcha.jakarta.core.InvalidSettingException;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.Setting;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Reads {@link PlaytchaSettings} by the precedence of docs/configuration.md, which {@link #value} alone
 * applies: init-param, MicroProfile Config (when present), system property, environment variable, the
 * {@link Setting}'s default; a blank value is unset. Where a framework offers its own configuration
 * ({@link PlaytchaSettings#CONFIGURATION_ATTRIBUTE}), that stands in for MicroProfile Config, system
 * properties and the environment. An unknown init-param fails, naming those that are.
 */
public final class SettingsLoader {

    private static final String MICROPROFILE_CONFIG = "org.eclipse.microprofile.config.ConfigProvider";
    /** Present in a Spring Boot application, whose embedded server runs no initializer from a jar. */
    private static final String SPRING_BOOT = "org.springframework.boot.SpringApplication";
    private static final System.Logger LOG = System.getLogger(SettingsLoader.class.getName());

    private final Function<String, String> microProfile;
    private final Function<String, String> systemProperties;
    private final Function<String, String> environment;
    private final Supplier<Iterable<String>> names;

    /** {@code microProfile} is {@code null} where absent; {@code names} lists every name the sources know, for misspellings. */
    SettingsLoader(Function<String, String> microProfile, Function<String, String> systemProperties,
            Function<String, String> environment, Supplier<Iterable<String>> names) {
        this.microProfile = microProfile;
        this.systemProperties = systemProperties;
        this.environment = environment;
        this.names = names;
    }

    /**
     * A loader for a filter of an application that may offer its configuration: {@code offered}, the
     * value of {@link PlaytchaSettings#CONFIGURATION_ATTRIBUTE}, is read in place of MicroProfile
     * Config, system properties and the environment when it is a {@code Function<String, String>};
     * otherwise this is {@link #forApplication(ClassLoader)}.
     */
    @SuppressWarnings("unchecked")
    public static SettingsLoader forApplication(ClassLoader classLoader, Object offered) {
        return offered instanceof Function<?, ?> keys ? new SettingsLoader(key -> Objects.toString(
                ((Function<Object, ?>) keys).apply(key), null), key -> null, key -> null, List::of) : forApplication(classLoader);
    }

    /** A loader for the application {@code classLoader} loads ({@code null}: the thread context class loader, else this library's). */
    public static SettingsLoader forApplication(ClassLoader classLoader) {
        MicroProfileSource microProfile = microProfile(orDefault(classLoader));
        Supplier<Iterable<String>> names = microProfile != null ? microProfile::names : () -> {
            List<String> all = new ArrayList<>(System.getenv().keySet());
            all.addAll(System.getProperties().stringPropertyNames());
            return all;
        };
        return new SettingsLoader(microProfile, System::getProperty, System::getenv, names);
    }

    /** Never {@code null}: the bootstrap loader has no MicroProfile Config. */
    private static ClassLoader orDefault(ClassLoader classLoader) {
        if (classLoader != null) {
            return classLoader;
        }
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : SettingsLoader.class.getClassLoader();
    }

    /**
     * Reads and validates every setting.
     *
     * @param initParams the filter's init-params by name; empty outside a filter
     * @throws InvalidSettingException naming the key at fault and what a valid value looks like
     */
    public PlaytchaSettings load(Map<String, String> initParams) {
        checkInitParamNames(initParams);
        warnOfUnknownKeys();
        PlaytchaSettings.Builder builder = PlaytchaSettings.builder();
        for (Setting setting : Setting.values()) {
            value(setting, initParams).ifPresent(v -> builder.set(setting, v));
        }
        return builder.build();
    }

    /**
     * {@code playtcha.url-patterns}, validated: the context-param, else MicroProfile Config (or the
     * environment); empty ("register nothing") when nothing sets it.
     *
     * @throws InvalidSettingException when a pattern is not a servlet URL pattern
     */
    public List<String> urlPatterns(Function<String, String> contextParams) {
        String value = contextParams.apply(Setting.URL_PATTERNS.key());
        if (isBlank(value)) {
            value = value(Setting.URL_PATTERNS, Map.of()).orElse("");
        }
        return Setting.URL_PATTERNS.items(value);
    }

    /**
     * One on/off setting alone, from MicroProfile Config (or the environment), or its default.
     *
     * @throws InvalidSettingException naming the key when the value is not {@code true}/{@code 1}/{@code false}/{@code 0}
     */
    public boolean flag(Setting onOff) {
        return onOff.isOn(value(onOff, Map.of()).or(onOff::defaultValue).orElse("false"));
    }

    /** The precedence rule, in this one place. */
    Optional<String> value(Setting setting, Map<String, String> initParams) {
        String value = setting == Setting.URL_PATTERNS ? null : initParams.get(setting.initParam());
        if (isBlank(value) && microProfile != null) {
            value = microProfile.apply(setting.key());
        }
        if (isBlank(value) && microProfile == null) {
            value = systemProperties.apply(setting.key());
            if (isBlank(value)) {
                value = environment.apply(setting.environmentVariable());
            }
        }
        return isBlank(value) ? Optional.empty() : Optional.of(value);
    }

    private static void checkInitParamNames(Map<String, String> initParams) {
        for (String name : initParams.keySet()) {
            Optional<Setting> setting = Setting.forInitParam(name);
            if (setting.isEmpty()) {
                throw new InvalidSettingException("unknown init-param '" + name + "' for PlaytchaFilter; known init-params: "
                        + Arrays.stream(Setting.values()).filter(s -> s != Setting.URL_PATTERNS)
                                .map(Setting::initParam).collect(Collectors.joining(", ")));
            }
            if (setting.get() == Setting.URL_PATTERNS) {
                throw new InvalidSettingException(Setting.URL_PATTERNS, "is not a filter init-param: " + (springBoot()
                        ? "in Spring Boot, playtcha-jakarta-spring-boot-starter registers the filter from playtcha.url-patterns "
                        + "in application.properties; or map this filter yourself with FilterRegistrationBean#addUrlPatterns"
                        : "it registers the filter by itself, so set playtcha.url-patterns in MicroProfile Config (or as a "
                        + "context-param of that name), or map this filter yourself instead: <filter-mapping> in web.xml"));
            }
        }
    }

    /** A misspelled {@code playtcha.*} key or {@code PLAYTCHA_*} variable is a warning; playtcha-jakarta-quarkus's own are not. */
    private void warnOfUnknownKeys() {
        Set<String> known = new HashSet<>();
        for (Setting setting : Setting.values()) {
            known.add(setting.key());
            known.add(setting.environmentVariable());
            // how Quarkus's SmallRye Config lists that variable among its names (PLAYTCHA_API_URL -> playtcha.api.url)
            known.add(setting.environmentVariable().toLowerCase(java.util.Locale.ROOT).replace('_', '.'));
        }
        for (String name : names.get()) {
            boolean module = name.startsWith("playtcha.quarkus.") || name.startsWith("PLAYTCHA_QUARKUS_");
            if ((name.startsWith("playtcha.") || name.startsWith("PLAYTCHA_")) && !known.contains(name) && !module) {
                LOG.log(System.Logger.Level.WARNING, "Unknown Playtcha setting ignored [name={0}]; known keys: {1}",
                        name, Arrays.stream(Setting.values()).map(Setting::key).collect(Collectors.joining(", ")));
            }
        }
    }

    /** Whether this is a Spring Boot application, where the advice for {@code playtcha.url-patterns} is Spring's. */
    public static boolean springBoot() {
        return OptionalApis.present(SPRING_BOOT);
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    /** MicroProfile Config's values, or {@code null} when its API or an implementation is missing. */
    private static MicroProfileSource microProfile(ClassLoader classLoader) {
        try {
            Class.forName(MICROPROFILE_CONFIG, false, classLoader);
        } catch (ClassNotFoundException | LinkageError absent) {
            return null;
        }
        try {
            return MicroProfileSource.of(classLoader);
        } catch (IllegalStateException | ServiceConfigurationError | LinkageError noImplementation) {
            LOG.log(System.Logger.Level.DEBUG, "MicroProfile Config API without an implementation; not used", noImplementation);
            return null;
        }
    }
}
