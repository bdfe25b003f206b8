package com.playtcha.examples.quarkus.security;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.quarkus.test.QuarkusUnitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Identity providers injected by their classes, Quarkus's Elytron provider into a field and the application's own
 * through an {@code Instance} in a constructor: either, called directly, judges a password without the guard. With
 * {@code playtcha.login.require} in {@code application.properties} the build fails (the library's CDI Lite
 * extension), naming each injection point and saying to inject the {@code IdentityProviderManager}; injecting the
 * manager ({@link ManagerCaller}) is not named.
 */
class DirectProviderInjectionFailsTheBuildTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(ProviderCaller.class, ManagerCaller.class, ApiKeyRequest.class,
                    ApiKeyProvider.class))
            .overrideConfigKey("playtcha.secret", "test-secret")
            .overrideConfigKey("playtcha.login.require", "after-failures")
            .overrideConfigKey("playtcha.quarkus.passwordless-requests", ApiKeyRequest.class.getName())
            .overrideConfigKey("quarkus.security.users.embedded.enabled", "true")
            .overrideConfigKey("quarkus.security.users.embedded.plain-text", "true")
            .overrideConfigKey("quarkus.security.users.embedded.users.alice", "correct-horse")
            .assertException(failure -> {
                String messages = Failures.messages(failure);
                String caller = ProviderCaller.class.getName();
                assertTrue(messages.contains(caller + " injects io.quarkus.elytron.security.runtime.ElytronPasswordIdentityProvider"
                        + " (field elytron), a provider it can call directly, without the guard: inject IdentityProviderManager"
                        + " instead"), messages);
                assertTrue(messages.contains(caller + " injects " + ApiKeyProvider.class.getName() + " (parameter keys of the"
                        + " constructor)"), messages);
                assertTrue(!messages.contains(ManagerCaller.class.getName()), messages);
            });

    @Test
    void aProviderInjectedByItsClass_failsTheBuild() {
        fail("an application that injects an identity provider by its class was built");
    }
}
