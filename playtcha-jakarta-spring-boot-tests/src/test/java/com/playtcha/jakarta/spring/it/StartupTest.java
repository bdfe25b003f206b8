package com.playtcha.jakarta.spring.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.spring.it.nostarter.WithoutStarterApplication;
import com.playtcha.jakarta.spring.it.signup.SignupTestApplication;
import com.playtcha.jakarta.spring.it.takeover.TakeoverApplication;
import com.playtcha.jakarta.spring.testkit.WithSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Start-ups the shared context of {@link StarterApplicationTest} cannot show: settings that stop
 * start-up, naming the key; an application that registers its own filter and verifier; and Spring
 * Boot without the starter.
 */
@ExtendWith(OutputCaptureExtension.class)
@WithSimulator
class StartupTest {

    @Test
    void badValue_stopsStartup_namingTheKeyAndAValidValue(CapturedOutput output) {
        assertThrows(Exception.class, () -> start(SignupTestApplication.class, "playtcha.secret=sk_test_startup",
                "playtcha.breaker.cool-down=10").close());

        assertTrue(output.getAll().contains("Invalid Playtcha setting: playtcha.breaker.cool-down: a bare number is ambiguous"), output::getAll);
        assertTrue(output.getAll().contains("or as the environment variable PLAYTCHA_BREAKER_COOL_DOWN"), output::getAll);
    }

    @Test
    void missingSecret_stopsStartup_namingTheKey(CapturedOutput output) {
        assertThrows(Exception.class, () -> start(SignupTestApplication.class, "playtcha.api-url=http://127.0.0.1:9").close());

        assertTrue(output.getAll().contains("Invalid Playtcha setting: playtcha.secret: required; set playtcha.secret in "
                + "application.properties or YAML, or PLAYTCHA_SECRET in the environment"), output::getAll);
        assertFalse(output.getAll().contains("MicroProfile Config"), output::getAll);
    }

    @Test
    void applicationsOwnRegistrationAndVerifier_win_andUrlPatternsRegisterNoSecondFilter(CapturedOutput output,
            PlaytchaSimulator playtcha) throws Exception {
        try (ConfigurableApplicationContext context = start(TakeoverApplication.class,
                        "playtcha.api-url=" + playtcha.url(), "playtcha.secret=" + playtcha.secret())) {
            TakeoverApplication.CountingVerifier verifier = context.getBean(TakeoverApplication.CountingVerifier.class);

            assertEquals("outcome=rejected", post(context, "/signup"), "observe mode, from the registration's init-param");
            assertEquals(1, verifier.verifies.get(), "the filter used the application's verifier bean");
            assertEquals("outcome=null", post(context, "/contact"), "playtcha.url-patterns registered no filter");
            assertTrue(output.getAll().contains("PlaytchaFilter is registered by the application; playtcha.url-patterns "
                    + "[/signup, /contact] registers no second one"), output::getAll);
        }
    }

    @Test
    void withoutTheStarter_urlPatterns_stopStartup_pointingToTheStarter(CapturedOutput output) {
        assertThrows(Exception.class, () -> start(WithoutStarterApplication.class,
                "server.servlet.context-parameters.playtcha.url-patterns=/contact").close());

        assertTrue(output.getAll().contains("Add playtcha-jakarta-spring-boot-starter, which registers the filter on those "
                + "patterns, or map the filter yourself (FilterRegistrationBean#addUrlPatterns)"), output::getAll);
        assertFalse(output.getAll().contains("MicroProfile Config"), output::getAll);
    }

    /**
     * docs/spring-boot.md's readiness line without {@code probes.enabled} (outside Kubernetes): Spring Boot
     * has no {@code readinessState} then, and stops start-up, naming it. The tests' application.yml
     * has both lines (with both, outside Kubernetes, the application starts and its readiness group shows the
     * verifier: {@link StarterApplicationTest}'s application); a command-line argument outranks it.
     */
    @Test
    void readinessGroupWithPlaytcha_withoutProbes_stopsStartup_namingReadinessState(CapturedOutput output) {
        assertThrows(Exception.class, () -> startWithArguments(SignupTestApplication.class,
                "--management.endpoint.health.probes.enabled=false").close());

        assertTrue(output.getAll().contains("Included health contributor 'readinessState' in group 'readiness' does not exist"),
                output::getAll);
    }

    /** The same line with {@code playtcha.health.enabled=false}: no {@code playtcha} contributor, so no start. */
    @Test
    void readinessGroupWithPlaytcha_healthOff_stopsStartup_namingPlaytcha(CapturedOutput output) {
        assertThrows(Exception.class, () -> startWithArguments(SignupTestApplication.class,
                "--playtcha.health.enabled=false").close());

        assertTrue(output.getAll().contains("Included health contributor 'playtcha' in group 'readiness' does not exist"),
                output::getAll);
    }

    /** Started with command-line arguments, which come before the tests' application.yml. */
    private static ConfigurableApplicationContext startWithArguments(Class<?> application, String... arguments) {
        return new SpringApplicationBuilder(application).properties("server.port=0", "spring.main.banner-mode=off",
                "playtcha.secret=sk_test_startup", "playtcha.api-url=http://127.0.0.1:9").run(arguments);
    }

    private static ConfigurableApplicationContext start(Class<?> application, String... properties) {
        return new SpringApplicationBuilder(application).properties("server.port=0", "spring.main.banner-mode=off")
                .properties(properties).run();
    }

    private static String post(ConfigurableApplicationContext context, String path) throws Exception {
        String port = context.getEnvironment().getProperty("local.server.port");
        HttpResponse<String> reply = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("email=ada")).build(), HttpResponse.BodyHandlers.ofString());
        return reply.body();
    }
}
