package com.playtcha.examples.quarkus.security;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.quarkus.test.QuarkusUnitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Identity providers held by the application's code, each of which, called directly, judges a password without the
 * guard: injected by their classes (Quarkus's Elytron provider into a field, the application's own through an
 * {@code Instance} in a constructor), through their interface with a qualifier, {@code @Any Instance},
 * {@code InjectableInstance} and {@code @All List} ({@link InterfaceCaller}), made by a producer ({@link ProducedUsers}),
 * and a provider class that is no bean ({@link PlainUsers}). With {@code playtcha.login.require} in
 * {@code application.properties} the build fails (the library's CDI Lite extension), naming each and saying what to do;
 * injecting the manager ({@link ManagerCaller}) is not named. Failed on 9ca7ce49 for the interface, the producer and the
 * class that is no bean: the build went on.
 */
class DirectProviderInjectionFailsTheBuildTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(ProviderCaller.class, ManagerCaller.class, ApiKeyRequest.class,
                    ApiKeyProvider.class, InterfaceCaller.class, ProducedUsers.class, PlainUsers.class))
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
                String holder = InterfaceCaller.class.getName() + " injects io.quarkus.security.identity.IdentityProvider (field ";
                for (String field : new String[] {"users", "every", "injectable", "listed"}) {
                    assertTrue(messages.contains(holder + field + "), a provider it can call directly"), messages);
                }
                assertTrue(messages.contains(ProducedUsers.class.getName() + " produces io.quarkus.security.identity.IdentityProvider"
                        + " (method users), an identity provider its own code made and can call directly"), messages);
                assertTrue(messages.contains(PlainUsers.class.getName() + " implements IdentityProvider but is no bean"), messages);
                assertTrue(!messages.contains(ManagerCaller.class.getName()), messages);
            });

    @Test
    void aProviderHeldByTheApplicationsCode_failsTheBuild() {
        fail("an application that holds identity providers it can call past the guard was built");
    }
}
