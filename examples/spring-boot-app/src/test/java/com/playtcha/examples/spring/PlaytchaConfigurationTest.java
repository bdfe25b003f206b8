package com.playtcha.examples.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** What of Spring's configuration reaches the filter's init-params, and by which names. */
class PlaytchaConfigurationTest {

    @Test
    void propertiesAndEnvironmentVariables_becomeInitParams_bySettingName() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().addFirst(new MapPropertySource("application.properties",
                Map.of("playtcha.secret", "sk_test_config", "playtcha.breaker.cool-down", "30s", "spring.main.banner-mode", "off")));
        environment.getPropertySources().addLast(new SystemEnvironmentPropertySource("environment",
                Map.of("PLAYTCHA_API_URL", "http://127.0.0.1:9", "PLAYTCHA_FAIL_CLOSED", "1")));

        Map<String, String> initParams = new PlaytchaConfiguration().playtchaFilter(environment).getInitParameters();

        assertEquals(Map.of("secret", "sk_test_config", "breaker.cool-down", "30s", "api-url", "http://127.0.0.1:9",
                "fail-closed", "1"), initParams);
    }
}
