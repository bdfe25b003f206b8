package com.playtcha.jakarta.spring.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.spring.PlaytchaAutoConfiguration;
import com.playtcha.jakarta.spring.PlaytchaHealthAutoConfiguration;
import com.playtcha.jakarta.spring.PlaytchaMeters;
import com.playtcha.jakarta.spring.PlaytchaMetricsAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Which of the starter's parts a context gets, without a web server: the metrics go to one place only,
 * the switches switch, and an application that is no web application still gets its verifier.
 */
class AutoConfigurationConditionsTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(PlaytchaAutoConfiguration.class, PlaytchaHealthAutoConfiguration.class,
                    PlaytchaMetricsAutoConfiguration.class))
            .withPropertyValues("playtcha.secret=sk_test_conditions", "playtcha.api-url=http://127.0.0.1:9");

    @Test
    void withMicrometer_theMetricsGoToMicrometerOnly() {
        runner.run(context -> {
            assertEquals(1, context.getBeansOfType(PlaytchaMeters.class).size());
            assertFalse(context.containsBean("playtchaOpenTelemetryMetrics"));
        });
    }

    @Test
    void withoutMicrometer_withTheOpenTelemetryApi_theMetricsGoToOpenTelemetry() {
        runner.withClassLoader(new FilteredClassLoader("io.micrometer.core")).run(context -> {
            assertTrue(context.containsBean("playtchaOpenTelemetryMetrics"));
            assertEquals(0, context.getBeanNamesForType(PlaytchaMeters.class).length);
        });
    }

    @Test
    void metricsAndHealthOff_registerNeither() {
        runner.withPropertyValues("playtcha.metrics.enabled=false", "playtcha.health.enabled=0").run(context -> {
            assertEquals(0, context.getBeanNamesForType(PlaytchaMeters.class).length);
            assertFalse(context.containsBean("playtchaOpenTelemetryMetrics"));
            assertFalse(context.containsBean("playtchaHealthIndicator"));
        });
    }

    @Test
    void notAWebApplication_stillGetsTheVerifier_andNoFilter() {
        runner.withPropertyValues("playtcha.url-patterns=/signup").run(context -> {
            assertEquals(1, context.getBeansOfType(PlaytchaVerifier.class).size());
            assertTrue(context.containsBean("playtchaHealthIndicator"));
            assertFalse(context.containsBean(PlaytchaAutoConfiguration.FILTER_REGISTRATION));
        });
    }
}
