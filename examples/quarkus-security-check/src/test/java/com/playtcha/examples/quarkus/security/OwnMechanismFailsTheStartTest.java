package com.playtcha.examples.quarkus.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.QuarkusProdModeTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An application's own {@code HttpAuthenticationMechanism}, not acknowledged: it might check passwords itself, which
 * the guard would never see, and nothing outside it can tell (this one hands them to the manager, as it should). The
 * start fails, naming it and the setting that acknowledges it; Quarkus's own Basic mechanism, on here, needs no word.
 */
class OwnMechanismFailsTheStartTest {

    @RegisterExtension
    static final QuarkusProdModeTest APP = new QuarkusProdModeTest()
            .withApplicationRoot(jar -> jar.addClass(HeaderMechanism.class))
            .setApplicationName("mechanism").setApplicationVersion("0.1").setRun(true)
            .setRuntimeProperties(Map.of("quarkus.http.port", "0", "quarkus.http.host", "127.0.0.1")).setExpectExit(true)
            .overrideConfigKey("playtcha.secret", "test-secret")
            .overrideConfigKey("playtcha.login.require", "after-failures")
            .overrideConfigKey("quarkus.http.auth.basic", "true")
            .overrideConfigKey("quarkus.security.users.embedded.enabled", "true")
            .overrideConfigKey("quarkus.security.users.embedded.plain-text", "true")
            .overrideConfigKey("quarkus.security.users.embedded.users.alice", "correct-horse");

    @Test
    void anUnacknowledgedMechanism_failsTheStart() {
        String output = APP.getStartupConsoleOutput();
        assertNotEquals(0, APP.getExitCode(), output);
        assertTrue(output.contains("cannot see every password check: " + HeaderMechanism.class.getName()
                + " is an HttpAuthenticationMechanism of the application's, which may check passwords without the"
                + " identity providers: if it checks none, or hands each to the IdentityProviderManager as a"
                + " UsernamePasswordAuthenticationRequest, name it in playtcha.quarkus.own-mechanisms"), output);
        assertFalse(output.contains("BasicAuthenticationMechanism is"), output);
    }
}
