package com.playtcha.examples.quarkus.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.QuarkusProdModeTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Without {@code playtcha.login.require} the guard is inert, and refuses nothing: every application the other tests
 * refuse, all in one (a provider at the guard's priority, providers of password requests it cannot see, a mechanism
 * of its own, providers injected by their classes), builds and starts, and logs in as it would without the library.
 */
class InertWithoutTheLoginPolicyTest {

    @RegisterExtension
    static final QuarkusProdModeTest APP = new QuarkusProdModeTest()
            .withApplicationRoot(jar -> jar.addClasses(TopPriorityProvider.class, BranchLoginRequest.class,
                    BranchLoginProvider.class, PinRequest.class, PinProvider.class, ApiKeyRequest.class, ApiKeyProvider.class,
                    HeaderMechanism.class, ProviderCaller.class, AccountResource.class, InterfaceCaller.class, ProducedUsers.class,
                    PlainUsers.class, SilentMechanism.class, ProgrammaticMechanism.class, ProgrammaticMechanism.Setup.class, KeyMechanism.class,
                    KeyMechanism.Producer.class))
            .setApplicationName("inert").setApplicationVersion("0.1").setRun(true)
            .setRuntimeProperties(Map.of("quarkus.http.port", "0", "quarkus.http.host", "127.0.0.1"))
            .overrideConfigKey("playtcha.secret", "test-secret")
            .overrideConfigKey("quarkus.http.auth.basic", "true")
            .overrideConfigKey("quarkus.security.users.embedded.enabled", "true")
            .overrideConfigKey("quarkus.security.users.embedded.plain-text", "true")
            .overrideConfigKey("quarkus.security.users.embedded.users.alice", "correct-horse");

    @Test
    void everythingTheGuardRefuses_startsWithoutTheLoginPolicy() {
        given().port(Failures.port(APP.getStartupConsoleOutput())).auth().preemptive().basic("alice", "correct-horse")
                .get("/account").then().statusCode(200).body(equalTo("logged in as alice"))
                .header("Playtcha-Login-Needs-Token", nullValue());
    }
}
