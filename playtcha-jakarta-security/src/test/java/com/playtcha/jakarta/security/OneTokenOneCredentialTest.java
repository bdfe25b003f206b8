package com.playtcha.jakarta.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.cdi.InMemoryConfig;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jboss.weld.junit5.EnableWeld;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldSetup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 63, item 7: one token covers the credential it was sent with, not the other passwords a batch
 * endpoint checks in the same request ({@link BatchStoreMechanism}). Bob at his limit (3), one token, 26
 * passwords in one post: the store checks the first only, and the right one, last, does not log in.
 * Failed on a8f221eb (26 checks, and bob logged in).
 */
@EnableWeld
class OneTokenOneCredentialTest {

    private static final Duration WAIT = Duration.ofSeconds(60); // beyond the fixture's patient verify budget

    @RegisterExtension
    static final PlaytchaSimulatorExtension PLAYTCHA = new PlaytchaSimulatorExtension();

    @RegisterExtension
    static final InMemoryConfig CONFIG = InMemoryConfig.pointingAt(PLAYTCHA,
            "playtcha.connect-timeout", "2s",
            "playtcha.login.require", "after-failures");

    @WeldSetup
    WeldInitiator weld = SyntheticStoreHandler.weldWith(BatchStoreMechanism.class, CountingStore.class);

    private final PlaytchaSimulator sim = PLAYTCHA.simulator();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(WAIT).build();
    private SecurityRuntime runtime;

    @BeforeEach
    void startTheRuntime() throws Exception {
        runtime = new SecurityRuntime(weld.select(BatchStoreMechanism.class).get());
        CountingStore.VALIDATIONS.set(0);
    }

    @AfterEach
    void stopTheRuntime() throws Exception {
        runtime.close();
    }

    private HttpResponse<String> post(String form, String token) throws Exception {
        HttpRequest.Builder post = HttpRequest.newBuilder(runtime.uri("/login")).timeout(WAIT).header("Accept", "application/json")
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form));
        if (token != null) {
            post.header("Playtcha-Token", token);
        }
        return http.send(post.build(), HttpResponse.BodyHandlers.ofString());
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
