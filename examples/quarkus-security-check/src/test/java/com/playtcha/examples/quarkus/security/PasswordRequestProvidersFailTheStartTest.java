package com.playtcha.examples.quarkus.security;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.QuarkusProdModeTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Providers of requests the guard never sees, because Quarkus asks the providers of a request's exact class: a
 * subclass of {@code UsernamePasswordAuthenticationRequest}, a request of the application's carrying a
 * {@code PasswordCredential} (refused even though the application declares it passwordless), and one the guard cannot
 * read and the application did not declare passwordless. Here the login policy is given only when the application
 * starts (as from the environment), so the build cannot refuse the provider injected by its class either: the start
 * fails naming each provider with its request type, and the injection point the build found.
 */
class PasswordRequestProvidersFailTheStartTest {

    @RegisterExtension
    static final QuarkusProdModeTest APP = new QuarkusProdModeTest()
            .withApplicationRoot(jar -> jar.addClasses(BranchLoginRequest.class, BranchLoginProvider.class, PinRequest.class,
                    PinProvider.class, ApiKeyRequest.class, ApiKeyProvider.class, ProviderCaller.class))
            .setApplicationName("requests").setApplicationVersion("0.1").setRun(true).setExpectExit(true)
            .overrideConfigKey("playtcha.secret", "test-secret")
            .overrideConfigKey("playtcha.quarkus.passwordless-requests", PinRequest.class.getName())
            .overrideConfigKey("quarkus.security.users.embedded.enabled", "true")
            .setRuntimeProperties(Map.of("playtcha.login.require", "after-failures", "quarkus.http.port", "0"));

    @Test
    void providersOfRequestsTheGuardCannotSee_failTheStart() {
        String output = APP.getStartupConsoleOutput();
        assertNotEquals(0, APP.getExitCode(), output);
        assertTrue(output.contains(BranchLoginProvider.class.getName() + " checks " + BranchLoginRequest.class.getName()
                + ", a user name and password the guard never sees"), output);
        assertTrue(output.contains(PinProvider.class.getName() + " checks " + PinRequest.class.getName()
                + ", which carries a password (PinRequest.pin) the guard never sees, whatever"
                + " playtcha.quarkus.passwordless-requests says"), output);
        assertTrue(output.contains(ApiKeyProvider.class.getName() + " checks " + ApiKeyRequest.class.getName()
                + ", an application's request type the guard cannot read: if it carries no password (a token, a key),"
                + " name it in playtcha.quarkus.passwordless-requests"), output);
        assertTrue(output.contains("make its mechanism create a UsernamePasswordAuthenticationRequest"), output);
        assertTrue(output.contains(ProviderCaller.class.getName() + " injects " + ApiKeyProvider.class.getName()
                + " (parameter keys of the constructor)"), output);
    }
}
