package com.playtcha.jakarta.spring;

import com.playtcha.jakarta.core.InvalidSettingException;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.Setting;
import java.lang.System.Logger.Level;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Each {@link Setting}'s text from Spring's {@link Environment} by Spring Boot's relaxed binding
 * ({@code playtcha.api-url} in properties or YAML, {@code PLAYTCHA_API_URL} in the environment; a list
 * also as YAML items), read by the library's own rules and messages: {@link #load} builds the
 * settings, {@link #configuration} is what the starter offers every {@code PlaytchaFilter}
 * ({@link PlaytchaSettings#CONFIGURATION_ATTRIBUTE}) so that all read the same text.
 */
final class SpringSettings {

    /** The list settings, bound as lists so that YAML items and comma-separated text both work. */
    static final Set<Setting> LISTS = EnumSet.of(Setting.METHODS, Setting.URL_PATTERNS);
    private static final Set<String> LIST_KEYS = LISTS.stream().map(Setting::key).collect(Collectors.toSet());

    private static final ConfigurationPropertyName PREFIX = ConfigurationPropertyName.of("playtcha");
    private static final System.Logger LOG = System.getLogger(SpringSettings.class.getName());

    private SpringSettings() {
    }

    /**
     * Every setting Spring's configuration holds; the rest keep their defaults. Warns once of a
     * {@code playtcha.*} key (or {@code PLAYTCHA_*} variable) that is no setting.
     *
     * @throws InvalidSettingException naming the key and a valid value
     */
    static PlaytchaSettings load(Environment environment) {
        return load(environment, Map.of());
    }

    /** The same, with {@code derived} values for settings the configuration leaves unset (the application's Redis). */
    static PlaytchaSettings load(Environment environment, Map<Setting, String> derived) {
        warnOfUnknownKeys(environment);
        Function<String, String> text = configuration(environment);
        if (text.apply(Setting.SECRET.key()) == null) { // the library's own advice names MicroProfile Config and init-params
            throw new InvalidSettingException(Setting.SECRET, "required; set playtcha.secret in application.properties or "
                    + "YAML, or PLAYTCHA_SECRET in the environment");
        }
        PlaytchaSettings.Builder builder = PlaytchaSettings.builder();
        for (Setting setting : Setting.values()) {
            String value = text.apply(setting.key());
            value = value != null ? value : derived.get(setting);
            if (value != null) {
                builder.set(setting, value);
            }
        }
        return builder.build();
    }

    /** A key's text in Spring's configuration, or {@code null} when it has none (blank counts as none). */
    static Function<String, String> configuration(Environment environment) {
        Binder binder = Binder.get(environment);
        return key -> {
            String value = LIST_KEYS.contains(key)
                    ? binder.bind(key, Bindable.listOf(String.class)).map(items -> String.join(",", items)).orElse(null)
                    : binder.bind(key, Bindable.of(String.class)).orElse(null);
            return value == null || value.isBlank() ? null : value;
        };
    }

    /** Whether this on/off setting is on in Spring's configuration, or by default. */
    static boolean flag(Environment environment, Setting onOff) {
        String value = configuration(environment).apply(onOff.key());
        return onOff.isOn(value != null ? value : onOff.defaultValue().orElse("false"));
    }

    private static void warnOfUnknownKeys(Environment environment) {
        Set<ConfigurationPropertyName> known = Arrays.stream(Setting.values())
                .map(s -> ConfigurationPropertyName.of(s.key())).collect(Collectors.toSet());
        Set<String> variables = Arrays.stream(Setting.values()).map(Setting::environmentVariable).collect(Collectors.toSet());
        Set<String> unknown = new TreeSet<>();
        for (var source : ConfigurationPropertySources.get(environment)) {
            if (source.getUnderlyingSource() instanceof SystemEnvironmentPropertySource variablesSource) {
                Arrays.stream(variablesSource.getPropertyNames())
                        .filter(name -> name.startsWith("PLAYTCHA_") && !variables.contains(name)).forEach(unknown::add);
            } else if (source instanceof IterableConfigurationPropertySource keys) {
                keys.stream().filter(PREFIX::isAncestorOf)
                        .filter(name -> known.stream().noneMatch(k -> k.equals(name) || k.isAncestorOf(name)))
                        .forEach(name -> unknown.add(name.toString()));
            }
        }
        if (!unknown.isEmpty()) {
            LOG.log(Level.WARNING, "Unknown Playtcha settings ignored {0}; known keys: {1}", unknown,
                    Arrays.stream(Setting.values()).map(Setting::key).collect(Collectors.joining(", ")));
        }
    }
}
