package com.playtcha.examples.spring;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Settings that cannot work stop the application before it serves anything, and Spring Boot's report
 * says which key and how to set it.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureTest {

    @Test
    void missingSecret_stopsStartup_namingTheKey(CapturedOutput output) {
        Exception thrown = assertThrows(Exception.class, () -> start("playtcha.api-url=http://127.0.0.1:9"));

        assertTrue(output.getAll().contains("Invalid Playtcha setting: playtcha.secret: required"),
                () -> thrown + "\n" + output.getAll());
    }

    @Test
    void badValue_stopsStartup_namingTheKeyAndAValidValue(CapturedOutput output) {
        Exception thrown = assertThrows(Exception.class, () -> start("playtcha.secret=sk_test_startup",
                "playtcha.max-connections=lots"));

        assertTrue(output.getAll().contains("Invalid Playtcha setting: playtcha.max-connections"),
                () -> thrown + "\n" + output.getAll());
    }

    private static void start(String... properties) {
        new SpringApplicationBuilder(SignupApplication.class).properties("server.port=0").properties(properties).run().close();
    }
}
