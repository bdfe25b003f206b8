package com.playtcha.examples.quarkus.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.QuarkusProdModeTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One application with every password check the guard could not see at its start, each named in the one refusal with
 * what to do (one application, so one build and start, for all of them):
 * <ul>
 *   <li>another password provider at the guard's priority: Quarkus's manager would order the two by chance;</li>
 *   <li>providers of requests the guard never sees, because Quarkus asks the providers of a request's exact class: a
 *       subclass of {@code UsernamePasswordAuthenticationRequest}, a request of the application's carrying a
 *       {@code PasswordCredential} (refused even though the application declares it passwordless), and one the guard
 *       cannot read and the application did not declare passwordless;</li>
 *   <li>an application's own {@code HttpAuthenticationMechanism}, not acknowledged: it might check passwords itself,
 *       and nothing outside it can tell (this one hands them to the manager, as it should); Quarkus's own Basic, on
 *       here, needs no word;</li>
 *   <li>a mechanism of the application's handed to the programmatic {@code HttpSecurity} API (no bean: the build found its
 *       class), and one made by a producer, named by the class it made, not the producer's (issue 93; failed on
 *       9ca7ce49: the first started unnamed, the second was named as its producer);</li>
 *   <li>a provider injected by its class or its interface, made by a producer, or a provider class that is no bean,
 *       which the build found: the login policy is given only when the application starts (as from the environment),
 *       so the build could not refuse it, and the start does.</li>
 * </ul>
 */
class WhatTheGuardCannotSeeFailsTheStartTest {

    @RegisterExtension
    static final QuarkusProdModeTest APP = new QuarkusProdModeTest()
            .withApplicationRoot(jar -> jar.addClasses(TopPriorityProvider.class, BranchLoginRequest.class,
                    BranchLoginProvider.class, PinRequest.class, PinProvider.class, ApiKeyRequest.class, ApiKeyProvider.class,
                    HeaderMechanism.class, ProviderCaller.class, InterfaceCaller.class, ProducedUsers.class, PlainUsers.class,
                    SilentMechanism.class, ProgrammaticMechanism.class, ProgrammaticMechanism.Setup.class, KeyMechanism.class, KeyMechanism.Producer.class))
            .setApplicationName("unseen").setApplicationVersion("0.1").setRun(true).setExpectExit(true)
            .overrideConfigKey("playtcha.secret", "test-secret")
            .overrideConfigKey("playtcha.quarkus.passwordless-requests", PinRequest.class.getName())
            .overrideConfigKey("quarkus.http.auth.basic", "true")
            .overrideConfigKey("quarkus.security.users.embedded.enabled", "true")
            .overrideConfigKey("quarkus.security.users.embedded.plain-text", "true")
            .overrideConfigKey("quarkus.security.users.embedded.users.alice", "correct-horse")
            .setRuntimeProperties(Map.of("playtcha.login.require", "after-failures", "quarkus.http.port", "0",
                    "quarkus.http.host", "127.0.0.1"));

    @Test
    void aProviderAtTheGuardsPriority_isNamed() {
        assertTrue(refusal().contains(TopPriorityProvider.class.getName() + " has the login guard's priority"
                + " (2147483647): give it a lower one"), refusal());
    }

    @Test
    void providersOfRequestsTheGuardCannotSee_areNamed() {
        String output = refusal();
        assertTrue(output.contains(BranchLoginProvider.class.getName() + " checks " + BranchLoginRequest.class.getName()
                + ", a user name and password the guard never sees"), output);
        assertTrue(output.contains(PinProvider.class.getName() + " checks " + PinRequest.class.getName()
                + ", which carries a password (PinRequest.pin) the guard never sees, whatever"
                + " playtcha.quarkus.passwordless-requests says"), output);
        assertTrue(output.contains(ApiKeyProvider.class.getName() + " checks " + ApiKeyRequest.class.getName()
                + ", an application's request type the guard cannot read: if it carries no password (a token, a key),"
                + " name it in playtcha.quarkus.passwordless-requests"), output);
        assertTrue(output.contains("make its mechanism create a UsernamePasswordAuthenticationRequest"), output);
    }

    @Test
    void anUnacknowledgedMechanism_isNamed_quarkussOwnBasicIsNot() {
        String output = refusal();
        assertTrue(output.contains(HeaderMechanism.class.getName()
                + " is an HttpAuthenticationMechanism of the application's, which may check passwords without the"
                + " identity providers: if it checks none, or hands each to the IdentityProviderManager as a"
                + " UsernamePasswordAuthenticationRequest, name it in playtcha.quarkus.own-mechanisms"), output);
        assertFalse(output.contains("BasicAuthenticationMechanism is"), output);
    }

    @Test
    void aProviderInjectedByItsClass_isNamedAtTheStart() {
        assertTrue(refusal().contains(ProviderCaller.class.getName() + " injects " + ApiKeyProvider.class.getName()
                + " (parameter keys of the constructor)"), refusal());
    }

    @Test
    void programmaticAndProducedMechanisms_areNamedByTheirTypes() {
        String output = refusal();
        assertTrue(output.contains(ProgrammaticMechanism.class.getName() + " is an HttpAuthenticationMechanism of the application's"),
                output);
        assertTrue(output.contains(KeyMechanism.class.getName() + " is an HttpAuthenticationMechanism of the application's"), output);
        assertFalse(output.contains(KeyMechanism.Producer.class.getName() + " is"), output);
    }

    @Test
    void aProviderHeldThroughItsInterface_orProduced_isNamedAtTheStart() {
        String output = refusal();
        assertTrue(output.contains(InterfaceCaller.class.getName() + " injects io.quarkus.security.identity.IdentityProvider"
                + " (field users)"), output);
        assertTrue(output.contains(ProducedUsers.class.getName() + " produces io.quarkus.security.identity.IdentityProvider"), output);
    }

    /** The start's output, which ended in the one refusal. */
    private static String refusal() {
        String output = APP.getStartupConsoleOutput();
        assertNotEquals(0, APP.getExitCode(), output);
        assertTrue(output.contains("playtcha.login.require is set, but Playtcha's login guard cannot see every password"
                + " check: "), output);
        return output;
    }
}
