package com.playtcha.examples.quarkus.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.quarkus.test.QuarkusProdModeTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the guard does not refuse, under {@code playtcha.login.require}: a provider of a request the application
 * declares passwordless ({@code playtcha.quarkus.passwordless-requests}), a mechanism of its own it acknowledges
 * ({@code playtcha.quarkus.own-mechanisms}: a bean, one handed to the programmatic {@code HttpSecurity} API and one a
 * producer made, each by its type), the {@code IdentityProviderManager} injected, and Quarkus's Basic
 * mechanism over its properties-file provider. The application starts, and both ways in reach the guard (its
 * {@code Playtcha-Login-Needs-Token} header on the answer).
 */
class DeclaredApplicationStartsTest {

    @RegisterExtension
    static final QuarkusProdModeTest APP = new QuarkusProdModeTest()
            .withApplicationRoot(jar -> jar.addClasses(ApiKeyRequest.class, ApiKeyProvider.class, HeaderMechanism.class,
                    ManagerCaller.class, AccountResource.class, SilentMechanism.class, ProgrammaticMechanism.class, ProgrammaticMechanism.Setup.class,
                    KeyMechanism.class, KeyMechanism.Producer.class))
            .setApplicationName("declared").setApplicationVersion("0.1").setRun(true)
            .setRuntimeProperties(Map.of("quarkus.http.port", "0", "quarkus.http.host", "127.0.0.1"))
            .overrideConfigKey("playtcha.secret", "test-secret")
            .overrideConfigKey("playtcha.login.require", "after-failures")
            .overrideConfigKey("playtcha.quarkus.passwordless-requests", ApiKeyRequest.class.getName())
            .overrideConfigKey("playtcha.quarkus.own-mechanisms", String.join(",", HeaderMechanism.class.getName(),
                    ProgrammaticMechanism.class.getName(), KeyMechanism.class.getName()))
            .overrideConfigKey("quarkus.http.auth.basic", "true")
            .overrideConfigKey("quarkus.security.users.embedded.enabled", "true")
            .overrideConfigKey("quarkus.security.users.embedded.plain-text", "true")
            .overrideConfigKey("quarkus.security.users.embedded.users.alice", "correct-horse");

    @Test
    void basicAndTheApplicationsMechanism_logIn_throughTheGuard() {
        String output = APP.getStartupConsoleOutput();
        assertFalse(output.contains("Unknown Playtcha setting"), output); // the module's keys are no misspelt core keys
        int port = Failures.port(output);
        given().port(port).auth().preemptive().basic("alice", "correct-horse").get("/account").then().statusCode(200)
                .body(equalTo("logged in as alice")).header("Playtcha-Login-Needs-Token", "false");
        given().port(port).header("X-Login", "alice:correct-horse").get("/account").then().statusCode(200)
                .body(equalTo("logged in as alice")).header("Playtcha-Login-Needs-Token", "false");
    }
}
