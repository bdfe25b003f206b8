package com.playtcha.jakarta.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.cdi.PlaytchaVerifierProducer;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.net.http.HttpResponse;
import org.jboss.weld.environment.se.Weld;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 63, item 8: an identity store made by a producer method, which CDI does not decorate, is guarded as a
 * store bean is, under {@code playtcha.login.require=after-failures}. The runtime's handler is one CDI does not
 * decorate either ({@link SyntheticStoreHandler}): only the wrapped producer sees the checks. Each test failed on
 * a8f221eb: every guess reached the store.
 */
class ProducedStoreTest {

    @RegisterExtension
    static final GuardedMechanism APP = GuardedMechanism.serving(StoreLoginMechanism.class, StoreProducer.class)
            .settings("playtcha.connect-timeout", "2s",
                    "playtcha.login.require", "after-failures")
            .withSyntheticStoreHandler();

    private final PlaytchaSimulator sim = APP.sim();

    @BeforeEach
    void countFromZero() {
        CountingStore.VALIDATIONS.set(0);
    }

    private HttpResponse<String> post(String path, String form, String token) throws Exception {
        return APP.post(path, form, "Accept", "application/json", "Playtcha-Token", token);
    }

    private static void tokenRequired(HttpResponse<String> refused) {
        assertEquals(403, refused.statusCode(), refused::body);
        assertTrue(refused.body().contains("\"token_required\""), refused.body());
    }

    /** Bob's three failures at {@code /login}, counted as the mechanism's status says: now he needs a token. */
    private void bobAtHisLimit() throws Exception {
        for (int i = 1; i <= 3; i++) {
            assertEquals(401, post("/login", "user=bob&password=wrong" + i, null).statusCode());
        }
        assertEquals(3, CountingStore.VALIDATIONS.get());
    }

    /**
     * At {@code /login/x}, outside {@code paths}: before, each guess reached the produced store uncounted, and the
     * right one showed as 403 {@code login_not_guarded} against 401, an oracle with no count.
     */
    @Test
    void aProducedStore_isGuardedOutsidePaths_noOracleThere() throws Exception {
        bobAtHisLimit();

        for (int i = 0; i < 5; i++) {
            tokenRequired(post("/login/x", "user=bob&password=guess" + i, null));
        }
        tokenRequired(post("/login/x", "user=bob&password=secret", null));

        assertEquals(3, CountingStore.VALIDATIONS.get(), "no guess reached the produced store");
        HttpResponse<String> withToken = post("/login/x", "user=bob&password=secret", sim.mintToken());
        assertEquals("status=SUCCESS caller=bob outcome=verified spent=true", withToken.body(), "a guarded check logs in");
    }

    /** At {@code /login} with the name in a field {@code accountParameter} does not name: before, the right password logged in. */
    @Test
    void aProducedStore_isAskedAboutTheAccountItChecks_notTheParameter() throws Exception {
        bobAtHisLimit();

        for (int i = 0; i < 5; i++) {
            tokenRequired(post("/login", "name=bob&password=guess" + i, null));
        }
        tokenRequired(post("/login", "name=bob&password=secret", null));

        assertEquals(3, CountingStore.VALIDATIONS.get(), "no guess reached the produced store");
    }

    /** The produced store answers through the proxy as itself: its other methods, and a check no login asked for. */
    @Test
    void aProducedStore_outsideALogin_answersAsItself() {
        IdentityStore store = APP.bean(IdentityStore.class);

        assertEquals(CredentialValidationResult.Status.VALID, store.validate(new UsernamePasswordCredential("bob", "secret")).getStatus());
        assertEquals(IdentityStore.ValidationType.values().length, store.validationTypes().size());
        assertEquals(1, CountingStore.VALIDATIONS.get());
    }

    /** A producer declared to return a class cannot be wrapped: the deployment fails, naming it. */
    @Test
    void aProducerOfAStoreClass_failsTheDeployment_namingIt() {
        Weld classProducer = new Weld().disableDiscovery().addBeanClasses(PlaytchaVerifierProducer.class,
                StoreLoginMechanism.class, ClassStoreProducer.class).addExtension(new PlaytchaSecurityExtension());

        RuntimeException failed = assertThrows(RuntimeException.class, () -> classProducer.initialize().close());

        assertTrue(String.valueOf(failed.getMessage()).contains("ClassStoreProducer.store()"), failed::getMessage);
        assertTrue(failed.getMessage().contains("Declare the producer to return IdentityStore"), failed::getMessage);
    }
}
