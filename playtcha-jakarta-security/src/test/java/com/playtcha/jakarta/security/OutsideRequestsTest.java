package com.playtcha.jakarta.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.playtcha.jakarta.cdi.InMemoryConfig;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.jboss.weld.junit5.EnableWeld;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldSetup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code playtcha.login.outside-requests=true} under {@code playtcha.login.require=always}: the application checks
 * passwords outside web requests on purpose (a batch job, a message listener), so a store check on a thread bound
 * to no request goes on without a token, by the core's rule for such checks ({@code LoginPolicy.decideOutside}),
 * the one Spring Security's guard follows. Without the setting the same check is refused
 * ({@link EveryPasswordCheckNeedsATokenTest}). Failed on 73607f05, where the Jakarta guard refused every such check
 * under {@code always} by a rule of its own that knew no setting.
 */
@EnableWeld
class OutsideRequestsTest {

    private static final Duration WAIT = Duration.ofSeconds(60); // beyond the fixture's patient verify budget

    @RegisterExtension
    static final PlaytchaSimulatorExtension PLAYTCHA = new PlaytchaSimulatorExtension();

    @RegisterExtension
    static final InMemoryConfig CONFIG = InMemoryConfig.pointingAt(PLAYTCHA,
            "playtcha.connect-timeout", "2s",
            "playtcha.login.outside-requests", "true");

    @WeldSetup
    WeldInitiator weld = SyntheticStoreHandler.weldWith(StoreLoginMechanism.class, CountingStore.class);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(WAIT).build();
    private SecurityRuntime runtime;

    @BeforeEach
    void startTheRuntime() throws Exception {
        runtime = new SecurityRuntime(weld.select(StoreLoginMechanism.class).get());
        CountingStore.VALIDATIONS.set(0);
    }

    @AfterEach
    void stopTheRuntime() throws Exception {
        runtime.close();
    }

    /** A job on a pool thread (no request context) has the store check passwords: each reaches the store, answered as it answers. */
    @Test
    void aCheckWithNoRequest_reachesTheStore_whenTheApplicationSaysSo() {
        IdentityStore store = weld.select(IdentityStore.class).get();

        CredentialValidationResult right = CompletableFuture.supplyAsync(
                () -> store.validate(new UsernamePasswordCredential("carol", "secret"))).join();
        CredentialValidationResult wrong = CompletableFuture.supplyAsync(
                () -> store.validate(new UsernamePasswordCredential("carol", "wrong"))).join();

        assertEquals(CredentialValidationResult.Status.VALID, right.getStatus());
        assertEquals(CredentialValidationResult.Status.INVALID, wrong.getStatus());
        assertEquals(2, CountingStore.VALIDATIONS.get());
    }

    /**
     * The setting is for work outside requests, not a way past the guard: a mechanism that hands the check to another
     * thread and logs in on its answer still logs no one in, as nothing of that login was decided with a token.
     */
    @Test
    void aMechanismHandingItsCheckAway_stillLogsNoOneIn() throws Exception {
        HttpRequest post = HttpRequest.newBuilder(runtime.uri("/login/x?async")).timeout(WAIT).header("Accept", "application/json")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("user=alice&password=secret")).build();

        HttpResponse<String> answer = http.send(post, HttpResponse.BodyHandlers.ofString());

        assertNotEquals(200, answer.statusCode(), answer::body);
    }
}
