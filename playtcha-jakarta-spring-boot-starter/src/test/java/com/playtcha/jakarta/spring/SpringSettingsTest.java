package com.playtcha.jakarta.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.playtcha.jakarta.core.FailMode;
import com.playtcha.jakarta.core.InvalidSettingException;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.Setting;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** What of Spring's configuration becomes which setting, by Spring Boot's relaxed binding and the library's rules. */
class SpringSettingsTest {

    @Test
    void environmentVariables_bindByTheirUpperCaseNames() {
        PlaytchaSettings settings = SpringSettings.load(environment(Map.of(), Map.of("PLAYTCHA_SECRET", "sk_test_env",
                "PLAYTCHA_API_URL", "http://127.0.0.1:9", "PLAYTCHA_FAIL_CLOSED", "1", "PLAYTCHA_BREAKER_COOL_DOWN", "30s")));

        assertEquals("sk_test_env", settings.secret());
        assertEquals(URI.create("http://127.0.0.1:9"), settings.apiUrl());
        assertEquals(FailMode.CLOSED, settings.failMode());
        assertEquals(Duration.ofSeconds(30), settings.breaker().coolDown());
    }

    @Test
    void yamlLists_andCommaSeparatedText_bothMakeAList() {
        assertEquals(Set.of("POST", "PUT"), SpringSettings.load(environment(Map.of("playtcha.secret", "sk_test_yaml",
                "playtcha.methods[0]", "POST", "playtcha.methods[1]", "put"), Map.of())).methods());
        assertEquals(List.of("/signup", "/contact/*"), SpringSettings.load(environment(Map.of("playtcha.secret", "sk_test_yaml",
                "playtcha.url-patterns", "/signup, /contact/*"), Map.of())).urlPatterns());
    }

    @Test
    void camelCaseKeys_bindAsTheirDashedNames() {
        PlaytchaSettings settings = SpringSettings.load(environment(Map.of("playtcha.secret", "sk_test_camel",
                "playtcha.maxConnections", "7", "playtcha.client-budget.perMinute", "600"), Map.of()));

        assertEquals(7, settings.maxConnections());
        assertEquals(600, settings.clientBudget().perMinute());
    }

    @Test
    void propertiesWin_overEnvironmentVariables_asSpringOrdersThem() {
        assertEquals("sk_test_properties", SpringSettings.load(environment(Map.of("playtcha.secret", "sk_test_properties"),
                Map.of("PLAYTCHA_SECRET", "sk_test_env"))).secret());
    }

    @Test
    void badValue_failsNamingTheKey() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> SpringSettings.load(
                environment(Map.of("playtcha.secret", "sk_test_bad", "playtcha.max-connections", "lots"), Map.of())));

        assertEquals(Setting.MAX_CONNECTIONS, e.setting());
    }

    @Test
    void blankOrMissing_isUnset_andTheDefaultHolds() {
        StandardEnvironment environment = environment(Map.of("playtcha.secret", "sk_test_blank", "playtcha.timeout", " "), Map.of());

        assertNull(SpringSettings.configuration(environment).apply("playtcha.timeout"));
        assertNull(SpringSettings.configuration(environment).apply("playtcha.mode"));
        assertEquals(Duration.ofSeconds(3), SpringSettings.load(environment).timeout());
    }

    @Test
    void unknownKeysAndVariables_areWarnedOf_butNotTheRelaxedFormsOfKnownOnes() {
        List<LogRecord> records = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger(SpringSettings.class.getName());
        logger.addHandler(handler);
        try {
            SpringSettings.load(environment(Map.of("playtcha.secret", "sk_test_typo", "playtcha.timout", "2s",
                    "playtcha.maxConnections", "7", "playtcha.methods[0]", "POST"), Map.of("PLAYTCHA_SECRE", "x")));
        } finally {
            logger.removeHandler(handler);
        }

        assertEquals(1, records.size(), () -> records.stream().map(LogRecord::getMessage).toList().toString());
        assertEquals(Level.WARNING, records.get(0).getLevel());
        assertEquals("[PLAYTCHA_SECRE, playtcha.timout]", String.valueOf(records.get(0).getParameters()[0]));
    }

    private static StandardEnvironment environment(Map<String, Object> properties, Map<String, Object> variables) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
        environment.getPropertySources().addFirst(new MapPropertySource("application.properties", properties));
        return environment;
    }
}
