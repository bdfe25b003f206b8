package com.playtcha.jakarta.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.testing.PlaytchaSimulator;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 57 under {@code playtcha.login.require=after-failures}: every password check a guarded mechanism
 * has an identity store make is decided and counted on the account the store is asked about, whatever
 * the request's path or parameters say. The runtime's handler here is one CDI does not decorate
 * ({@link SyntheticStoreHandler}): the store beans' decorator alone sees the checks. Failed on 1fab4e2.
 */
class EveryPasswordCheckCountedTest {

    @RegisterExtension
    static final GuardedMechanism APP = GuardedMechanism.serving(StoreLoginMechanism.class, CountingStore.class)
            .settings("playtcha.connect-timeout", "2s",
                    "playtcha.login.require", "after-failures")
            .withSyntheticStoreHandler();

    private final PlaytchaSimulator sim = APP.sim();

    @BeforeEach
    void countFromZero() {
        CountingStore.VALIDATIONS.set(0);
    }

    /** A post to {@code path} with {@code form}, the application authenticating with {@code header} ({@code null}: not). */
    private HttpResponse<String> post(String path, String form, String header, String value, String token) throws Exception {
        return APP.post(path, form, "Accept", "application/json", header, value, "Playtcha-Token", token);
    }

    private HttpResponse<String> code(String query, String credential, String token) throws Exception {
        return post("/api/session" + query, "", SecurityRuntime.AUTHENTICATE_CODE, credential, token);
    }

    private static void tokenRequired(HttpResponse<String> refused) {
        assertEquals(403, refused.statusCode(), refused::body);
        assertTrue(refused.body().contains("\"token_required\""), refused.body());
    }

    /**
     * The application's own credential, turned into a password check by the mechanism: its failures land on
     * the account the store checked, so bob's limit holds against decoy parameters and against requests
     * with no parameter at all; before, the account came from the parameter (or none), bob's limit did not
     * apply, and his right password logged in with no token.
     */
    @Test
    void ownCredentials_areCountedOnTheAccountTheStoreChecks_neverOnADecoyParameter() throws Exception {
        for (int i = 1; i <= 3; i++) { // the guard cannot read the credential: each needs a token
            HttpResponse<String> failed = code("", "bob:wrong" + i + ":123456", sim.mintToken());
            assertEquals(401, failed.statusCode(), failed::body);
        }
        assertEquals(3, CountingStore.VALIDATIONS.get());
        tokenRequired(post("/api/session", "", SecurityRuntime.AUTHENTICATE, "bob:guess", null));

        for (int i = 0; i < 5; i++) {
            tokenRequired(code("?user=decoy" + i, "bob:guess" + i + ":123456", null));
            tokenRequired(code("", "bob:guess" + i + ":123456", null));
        }
        HttpResponse<String> rightWithoutToken = code("", "bob:secret:123456", null);

        tokenRequired(rightWithoutToken);
        assertEquals(3, CountingStore.VALIDATIONS.get(), "no guess without a token reached the store");
        assertEquals(3, sim.callCount(), "and Playtcha was asked for the three tokens only");
        HttpResponse<String> withToken = code("", "bob:secret:123456", sim.mintToken());
        assertEquals("status=SUCCESS caller=bob outcome=verified spent=true", withToken.body(), "never a lockout");
    }

    /** A credential of the application's own that names its account ({@link AccountCredential}) is counted on it, tokenless while below the limit. */
    @Test
    void anAccountCredential_goesOnWithoutATokenBelowItsLimit_andIsCountedOnItsAccount() throws Exception {
        for (int i = 1; i <= 3; i++) {
            HttpResponse<String> failed = named("?user=decoy", "carol:wrong" + i + ":123456");
            assertEquals(401, failed.statusCode(), failed::body);
        }

        tokenRequired(named("?user=decoy", "carol:secret:123456"));
        tokenRequired(named("", "carol:secret:123456"));
        assertEquals(3, CountingStore.VALIDATIONS.get());
        assertEquals(401, named("", "dave:wrong:123456").statusCode(), "another account goes on");
    }

    /**
     * Issue 63, item 9: an {@link AccountCredential} whose {@code account()} is {@code null}, empty or blank names
     * no account the guard can read, so it needs a token as a credential of an unknown type does. Failed on
     * a8f221eb: each went on without one, counted on its client alone. Issue 93, item 5: so does a
     * {@code UsernamePasswordCredential} whose caller is empty or blank, whether the application hands it to
     * {@code SecurityContext.authenticate} or the mechanism makes it of a posted field, the field the binding names
     * ({@code user}) or another ({@code name}, which the store's check alone sees). Failed on 9ca7ce49: the five
     * reached the store, with no token, on a fresh client.
     */
    @Test
    void aCredentialThatNamesNoAccount_needsAToken() throws Exception {
        for (String none : List.of("(null)", "", "   ")) {
            tokenRequired(named("", none + ":secret:123456"));
            tokenRequired(named("?user=carol", none + ":wrong:123456"));
        }
        tokenRequired(post("/api/session", "", SecurityRuntime.AUTHENTICATE, ":guess", null));
        tokenRequired(post("/api/session", "", SecurityRuntime.AUTHENTICATE, "   :guess", null));
        tokenRequired(post("/login", "user=&password=guess", null, null, null));
        tokenRequired(post("/login", "user=%20%20%09&password=guess", null, null, null));
        tokenRequired(post("/login", "name=%20%20&password=guess", null, null, null));

        assertEquals(0, CountingStore.VALIDATIONS.get(), "the store was never asked");
        assertEquals(0, sim.callCount());
        assertEquals(401, post("/login", "user=carol&password=guess", null, null, null).statusCode(), "a name goes on");
    }

    /**
     * Issue 70, item 9: an {@link AccountCredential} whose {@code account()} folds to nothing (a zero-width space) is an
     * account the guard cannot read: each check needs a token. Failed on 1cde289e: 3 of 5 reached the store, counted
     * on an account of their own, fresh, that a store which drops invisible characters would not have checked.
     */
    @Test
    void anAccountCredentialWhoseNameFoldsToNothing_needsAToken() throws Exception {
        for (int i = 0; i < 5; i++) {
            tokenRequired(named("", "%E2%80%8B:guess" + i + ":123456"));
        }

        assertEquals(0, CountingStore.VALIDATIONS.get(), "the store was never asked");
    }

    private HttpResponse<String> named(String query, String credential) throws Exception {
        return post("/api/session" + query, "", SecurityRuntime.AUTHENTICATE_NAMED, credential, null);
    }

    /** The application's own credential handed to the store as it is: the guard cannot read it, so it needs a token. */
    @Test
    void anOwnCredentialTheStoreReadsAsItIs_needsAToken_evenForAFreshAccount() throws Exception {
        tokenRequired(code("?raw", "erin:secret:123456", null));
        assertEquals(0, CountingStore.VALIDATIONS.get());

        HttpResponse<String> withToken = code("?raw", "erin:secret:123456", sim.mintToken());

        assertEquals("status=SUCCESS caller=erin outcome=verified spent=true", withToken.body());
        assertEquals(1, CountingStore.VALIDATIONS.get());
    }

    /**
     * The mechanism checks passwords at {@code /login/x}, which {@code paths = "/login"} does not name: each
     * check there is still decided and counted; before, the store was asked without a token and without
     * limit, and a right guess showed as 403 {@code login_not_guarded} against 401.
     */
    @Test
    void checksOutsidePaths_areDecidedAndCounted_andBobsLimitHoldsThere() throws Exception {
        for (int i = 1; i <= 3; i++) {
            HttpResponse<String> failed = post("/login/x", "user=bob&password=wrong" + i, null, null, null);
            assertEquals(401, failed.statusCode(), failed::body);
        }
        assertEquals(3, CountingStore.VALIDATIONS.get());

        for (int i = 0; i < 5; i++) {
            tokenRequired(post("/login/x", "user=bob&password=guess" + i, null, null, null));
            tokenRequired(post("/login/" + i, "user=bob&password=secret", null, null, null));
        }

        assertEquals(3, CountingStore.VALIDATIONS.get(), "no guess reached the store once bob needed a token");
        HttpResponse<String> withToken = post("/login/x", "user=bob&password=secret", null, null, sim.mintToken());
        assertEquals("status=SUCCESS caller=bob outcome=verified spent=true", withToken.body(), "a guarded check logs in");
    }

}
