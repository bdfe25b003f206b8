package com.playtcha.examples.quarkus.security;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.QuarkusProdModeTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Another password provider at the guard's priority: Quarkus's manager would order the two by chance, and the
 * provider might judge a password first. The start fails, naming it and saying to lower its priority.
 */
class ProviderAtTheGuardsPriorityFailsTheStartTest {

    @RegisterExtension
    static final QuarkusProdModeTest APP = new QuarkusProdModeTest()
            .withApplicationRoot(jar -> jar.addClass(TopPriorityProvider.class))
            .setApplicationName("priority").setApplicationVersion("0.1").setRun(true)
            .setRuntimeProperties(Map.of("quarkus.http.port", "0", "quarkus.http.host", "127.0.0.1")).setExpectExit(true)
            .overrideConfigKey("playtcha.secret", "test-secret")
            .overrideConfigKey("playtcha.login.require", "after-failures");

    @Test
    void aProviderAtTheGuardsPriority_failsTheStart() {
        String output = APP.getStartupConsoleOutput();
        assertNotEquals(0, APP.getExitCode(), output);
        assertTrue(output.contains("playtcha.login.require is set, but Playtcha's login guard cannot see every"
                + " password check: " + TopPriorityProvider.class.getName() + " has the login guard's priority"
                + " (2147483647): give it a lower one"), output);
    }
}
