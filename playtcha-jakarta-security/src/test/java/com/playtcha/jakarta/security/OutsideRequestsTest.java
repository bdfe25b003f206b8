package com.playtcha.jakarta.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
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
class OutsideRequestsTest {

    @RegisterExtension
    static final GuardedMechanism APP = GuardedMechanism.serving(StoreLoginMechanism.class, CountingStore.class)
            .settings("playtcha.connect-timeout", "2s",
                    "playtcha.login.outside-requests", "true")
            .withSyntheticStoreHandler();

    @BeforeEach
    void countFromZero() {
        CountingStore.VALIDATIONS.set(0);
    }

    /** A job on a pool thread (no request context) has the store check passwords: each reaches the store, answered as it answers. */
    @Test
    void aCheckWithNoRequest_reachesTheStore_whenTheApplicationSaysSo() {
        IdentityStore store = APP.bean(IdentityStore.class);

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
        HttpResponse<String> answer = APP.post("/login/x?async", "user=alice&password=secret", "Accept", "application/json");

        assertNotEquals(200, answer.statusCode(), answer::body);
    }
}
