package com.playtcha.jakarta.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.testing.PlaytchaSimulator;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 57 under {@code playtcha.login.require=always}: a password check a guarded mechanism makes
 * through the runtime's (decorated) identity store handler needs a valid token wherever it happens,
 * inside {@code paths} or not, from the runtime's call or {@code authenticate}; the store behind the
 * handler is no bean of the application, so only the handler's decorator sees the checks.
 */
class EveryPasswordCheckNeedsATokenTest {

    @RegisterExtension
    static final GuardedMechanism APP = GuardedMechanism.serving(StoreLoginMechanism.class, BuiltInStoreHandler.class)
            .settings("playtcha.connect-timeout", "2s");

    private final PlaytchaSimulator sim = APP.sim();

    @BeforeEach
    void countFromZero() {
        BuiltInStoreHandler.VALIDATIONS.set(0);
    }

    private HttpResponse<String> post(String path, String form, String token) throws Exception {
        return APP.post(path, form, "Accept", "application/json", "Playtcha-Token", token);
    }

    @Test
    void aCheckOutsidePaths_withoutAToken_isRefused_andTheStoreNeverAsked() throws Exception {
        for (String path : new String[] {"/login/x", "/login/", "/login;a=b/y", "/login/a/b"}) {
            HttpResponse<String> refused = post(path, "user=alice&password=secret", null);
            assertEquals(403, refused.statusCode(), path + ": " + refused.body());
            assertTrue(refused.body().contains("\"missing_token\""), refused.body());
        }
        HttpResponse<String> junk = post("/login/x", "user=alice&password=secret", "ptk_default_forged");

        assertEquals(403, junk.statusCode(), junk::body);
        assertEquals(0, BuiltInStoreHandler.VALIDATIONS.get(), "no check without a valid token");
        HttpResponse<String> withToken = post("/login/x", "user=alice&password=secret", sim.mintToken());
        assertEquals("status=SUCCESS caller=alice outcome=verified spent=true", withToken.body());
        assertEquals(1, BuiltInStoreHandler.VALIDATIONS.get());
    }

    /**
     * Issue 63, item 8: under {@code always}, a check the mechanism has made on a thread bound to no request is
     * refused, token or not (the token is the request's, and that thread cannot be tied to it): the store is never
     * asked. Failed on a8f221eb: the store was asked without a token, and the right password showed as
     * {@code login_not_guarded}, a wrong one as 401.
     */
    @Test
    void aCheckOnAnotherThread_isRefused_andTheStoreNeverAsked() throws Exception {
        HttpResponse<String> without = post("/login/x?async", "user=alice&password=secret", null);
        HttpResponse<String> with = post("/login/x?async", "user=alice&password=secret", sim.mintToken());

        assertEquals(401, without.statusCode(), without::body);
        assertEquals(401, with.statusCode(), with::body);
        assertEquals(0, BuiltInStoreHandler.VALIDATIONS.get(), "no check on another thread reached the store");
    }

    /**
     * Without {@code playtcha.login.outside-requests}, a check with no request at all (a job on a pool thread, no
     * mechanism running) is refused under {@code always} too, by the core's rule for such checks; with it, such a
     * check goes on ({@link OutsideRequestsTest}).
     */
    @Test
    void aCheckWithNoRequest_isRefused_unlessTheApplicationSaysSo() {
        IdentityStoreHandler handler = APP.bean(IdentityStoreHandler.class);

        CredentialValidationResult result = CompletableFuture.supplyAsync(
                () -> handler.validate(new UsernamePasswordCredential("alice", "secret"))).join();

        assertEquals(CredentialValidationResult.Status.NOT_VALIDATED, result.getStatus());
        assertEquals(0, BuiltInStoreHandler.VALIDATIONS.get(), "the store was never asked");
    }

    @Test
    void anAuthenticateWithTheApplicationsOwnCredential_needsAValidToken() throws Exception {
        HttpResponse<String> refused = APP.send(HttpRequest.newBuilder(APP.uri("/api/session?user=alice"))
                .header("Accept", "application/json").header(SecurityRuntime.AUTHENTICATE_CODE, "alice:secret:123456")
                .POST(HttpRequest.BodyPublishers.noBody()));

        assertEquals(403, refused.statusCode(), refused::body);
        assertEquals(0, BuiltInStoreHandler.VALIDATIONS.get());
    }
}
