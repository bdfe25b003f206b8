package com.playtcha.jakarta.spring.webflux.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * Posts that stall while the filter looks for their token hold what it read of them; together they hold at most
 * {@code playtcha.token-search.max-held} (here 64 KiB), and a guarded post that finds that bound reached is answered at
 * once as an {@code overloaded} verify is (503, {@code Retry-After: 1}), its token not spent. Once the stalled clients
 * go away, what they held is given back and guarded posts are decided again. Posts to a path the filter does not guard
 * are never read by it, and never refused for it.
 */
// Without client budgets: on a slow machine the test may verify more probes than one address's burst before the bound fills.
@TestPropertySource(properties = {"playtcha.token-search.max-held=65536", "playtcha.client-budget.enabled=false"})
class HeldBytesTest extends OnNetty {

    /** What each stalled post sends of its body: no {@code &}, so the filter keeps reading for its token. */
    private static final int STALLED_BYTES = 20_000;
    /** More than enough stalled posts to fill 64 KiB many times over, also if the wait gives some up meanwhile. */
    private static final int MOST_STALLED = 400;
    /** How long the test waits for what it awaits before it fails: a loaded machine's worst, not how fast it should be. */
    private static final long DEADLINE_NANOS = 120_000_000_000L;

    private final List<Http.Raw> stalled = new ArrayList<>();

    @AfterEach
    void closeTheStalled() throws IOException {
        for (Http.Raw raw : stalled) {
            raw.close();
        }
        stalled.clear();
    }

    @Test
    void stalledPostsHoldTheBound_thenAGuardedPostIsOverloaded_andOnceTheyGoAwayItIsDecidedAgain() throws Exception {
        String token = sim().mintToken();

        // Stall posts until a guarded post finds the bound reached. Each stalled post holds at least 20,000 bytes once the
        // server has read them, and so does the probe before it reaches its token: three cannot fit. More are stalled only
        // while the server has not read the earlier ones.
        HttpResponse<String> overloaded = null;
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        while (overloaded == null && stalled.size() < MOST_STALLED && System.nanoTime() < deadline) {
            stall();
            HttpResponse<String> probe = probe(token);
            if (probe.statusCode() == 503) {
                overloaded = probe;
            } else {
                assertEquals(200, probe.statusCode(), probe::body);
                token = sim().mintToken(); // that one was verified, and so spent
            }
        }

        assertTrue(overloaded != null, "no guarded post was refused with " + stalled.size() + " posts stalled");
        HttpResponse<String> refused = overloaded;
        assertTrue(refused.body().contains("\"code\":\"overloaded\""), refused::body);
        assertEquals("1", refused.headers().firstValue("Retry-After").orElse(null), refused::body);
        assertEquals(0, sim().callCount(token), "the refused post's token was not posted to Playtcha");

        HttpResponse<String> unguarded = form("/unguarded", null, JSON);
        assertEquals(200, unguarded.statusCode(), "a path the filter does not guard: " + unguarded.body());
        assertTrue(unguarded.body().startsWith("email=ada@example.org\nbody-token=null\noutcome=null"), unguarded::body);

        closeTheStalled();

        // The same token: an overloaded post never spent it. Decided again once the closed connections gave their bytes back.
        HttpResponse<String> again = probe(token);
        while (again.statusCode() == 503 && System.nanoTime() < deadline) {
            again = probe(token);
        }
        HttpResponse<String> decided = again;
        assertEquals(200, decided.statusCode(), decided::body);
        assertTrue(decided.body().contains("body-token=" + token + "\noutcome=verified"), decided::body);
    }

    /** A guarded post whose token comes after {@link #STALLED_BYTES} of form: read, it holds as much as a stalled one. */
    private HttpResponse<String> probe(String token) throws IOException, InterruptedException {
        return post("/signup", FORM, "a=" + "y".repeat(STALLED_BYTES) + "&email=ada%40example.org&playtcha-token=" + token, JSON,
                Map.of());
    }

    /** A guarded post that sends its head and {@link #STALLED_BYTES} of a longer form, and then nothing more. */
    private void stall() throws IOException {
        Http.Raw raw = new Http.Raw(port);
        stalled.add(raw);
        raw.write("POST /signup HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\nContent-Type: " + FORM
                + "\r\nContent-Length: " + (2 * STALLED_BYTES) + "\r\n\r\n");
        raw.write(("a=" + "x".repeat(STALLED_BYTES - 2)).getBytes(StandardCharsets.US_ASCII));
    }
}
