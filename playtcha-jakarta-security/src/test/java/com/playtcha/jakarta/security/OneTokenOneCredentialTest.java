package com.playtcha.jakarta.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.testing.PlaytchaSimulator;
import java.net.http.HttpResponse;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 63, item 7: one token covers the credential it was sent with, not the other passwords a batch
 * endpoint checks in the same request ({@link BatchStoreMechanism}). Bob at his limit (3), one token, 26
 * passwords in one post: the store checks the first only, and the right one, last, does not log in.
 * Failed on a8f221eb (26 checks, and bob logged in).
 */
class OneTokenOneCredentialTest {

    @RegisterExtension
    static final GuardedMechanism APP = GuardedMechanism.serving(BatchStoreMechanism.class, CountingStore.class)
            .settings("playtcha.connect-timeout", "2s",
                    "playtcha.login.require", "after-failures")
            .withSyntheticStoreHandler();

    private final PlaytchaSimulator sim = APP.sim();

    @BeforeEach
    void countFromZero() {
        CountingStore.VALIDATIONS.set(0);
    }

    private HttpResponse<String> post(String form, String token) throws Exception {
        return APP.post("/login", form, "Accept", "application/json", "Playtcha-Token", token);
    }

    @Test
    void oneToken_coversTheFirstPasswordOfABatch_notTheOther25() throws Exception {
        for (int i = 1; i <= 3; i++) {
            assertEquals(401, post("user=bob&password=wrong" + i, null).statusCode());
        }
        CountingStore.VALIDATIONS.set(0);
        String passwords = IntStream.range(0, 25).mapToObj(i -> "password=guess" + i).collect(Collectors.joining("&"));

        HttpResponse<String> batch = post("user=bob&" + passwords + "&password=secret", sim.mintToken());

        assertEquals(1, CountingStore.VALIDATIONS.get(), batch::body);
        assertEquals(403, batch.statusCode(), batch::body);
        assertTrue(batch.body().contains("\"token_required\""), batch.body());
    }

    @Test
    void theSameCredentialAskedAgain_isCoveredByTheToken() throws Exception {
        for (int i = 1; i <= 3; i++) {
            assertEquals(401, post("user=dave&password=wrong" + i, null).statusCode());
        }
        CountingStore.VALIDATIONS.set(0);

        HttpResponse<String> twice = post("user=dave&password=nope&password=nope", sim.mintToken());

        assertEquals(401, twice.statusCode(), "a wrong password, not a refusal: " + twice.body());
        assertEquals(2, CountingStore.VALIDATIONS.get(), "the one credential the token came with, asked twice");
    }
}
