package com.playtcha.examples.spring;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Settings that cannot work stop the application before it serves anything, and the log says which
 * key and what to do: Tomcat starts the filter with the context, and a filter that fails its start
 * fails Spring Boot's.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureTest {

    @Test
    void missingSecret_stopsStartup_namingTheKey(CapturedOutput output) {
        Exception thrown = assertThrows(Exception.class, () -> start("playtcha.api-url=http://127.0.0.1:9"));

        assertTrue(output.getAll().contains("playtcha.secret: required"), () -> thrown + "\n" + output.getAll());
    }

    @Test
    void urlPatternsInApplicationProperties_stopStartup_sayingToMapTheFilterInstead(CapturedOutput output) {
        Exception thrown = assertThrows(Exception.class, () -> start("playtcha.secret=sk_test_startup",
                "playtcha.url-patterns=/contact"));

        assertTrue(output.getAll().contains("FilterRegistrationBean#addUrlPatterns"), () -> thrown + "\n" + output.getAll());
    }

    /** A context-param is read only by the library's initializer, which Spring Boot's embedded Tomcat never runs. */
    @Test
    void urlPatternsAsAContextParam_stopStartup_sayingToMapTheFilterInstead(CapturedOutput output) {
        Exception thrown = assertThrows(Exception.class, () -> start("playtcha.secret=sk_test_startup",
                "server.servlet.context-parameters.playtcha.url-patterns=/contact"));

        assertTrue(output.getAll().contains("playtcha.url-patterns [/contact] is set, but nothing registers the filter"),
                () -> thrown + "\n" + output.getAll());
    }

    private static void start(String... properties) {
        new SpringApplicationBuilder(SignupApplication.class).properties("server.port=0").properties(properties).run().close();
    }
}
