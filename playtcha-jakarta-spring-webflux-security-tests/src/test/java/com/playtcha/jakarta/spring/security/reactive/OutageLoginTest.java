package com.playtcha.jakarta.spring.security.reactive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.spring.testkit.Browser;
import com.playtcha.jakarta.testing.Fault;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Playtcha hanging under a reactive login ({@code playtcha.login.require=always}, fail-open, {@code playtcha.timeout}
 * short): a login goes on without a verdict, counted in advance on its account, answered within the timeout and the
 * slack; once its account is at its limit (three wrong passwords that failed open) a login is verified failing closed
 * and answered 503, the store not asked.
 * CONTRACT.md, "Login" and the decision table's timeout row. {@link FailClosedOutageLoginTest}: the same with
 * {@code playtcha.fail-closed=true}.
 */
@SpringBootTest(classes = LoginApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"playtcha.login.require=always", "playtcha.timeout=" + OutageLoginTest.TIMEOUT_MILLIS + "ms",
            "playtcha.connect-timeout=1s"})
class OutageLoginTest extends OnSimulator {

    /** The verify budget here: short, as only the tests that wait for a timeout run under it. */
    static final long TIMEOUT_MILLIS = 1500;
    /**
     * How far past its budget a bounded wait may end and still count as bounded: the core's {@code TestSettings.SLACK}
     * (its test fixtures are not on this module's path).
     */
    static final Duration SLACK = Duration.ofSeconds(10);

    /** The first login of a new context (the verifier's client made, classes loaded, under load) is not what is timed. */
    @BeforeEach
    void warmUp() throws Exception {
        warmUp(client());
    }

    /**
     * A login with a good token until one goes on: the first verify of a cold context can miss the short budget on a loaded
     * machine (at load 30, failing closed: 503 {@code timeout}), which is what the warm-up is for; five tries at most.
     */
    static void warmUp(Browser client) throws Exception {
        HttpResponse<String> login = client.login("/api/login", "zoe", "secret", playtcha().mintToken());
        for (int tried = 1; tried < 5 && login.statusCode() == 503; tried++) {
            login = client.login("/api/login", "zoe", "secret", playtcha().mintToken());
        }
        assertEquals("caller=zoe", login.body());
        Users.LOOKUPS.set(0);
    }

    @Test
    void playtchaHanging_aLoginGoesOnFailingOpen_withinItsTimeout() throws Exception {
        String token = playtcha().mintToken();
        playtcha().injectFor(token, Fault.hang());

        HttpResponse<String> login = timed(() -> client().login("/api/login", "ivan", "secret", token));

        assertEquals("caller=ivan", login.body());
        assertEquals(1, Users.LOOKUPS.get());
    }

    /** An attacker guessing while Playtcha hangs gets the account's limit of guesses (3), not more. */
    @Test
    void playtchaHanging_guessesFailOpenUpToTheAccountsLimit_thenA503_beforeTheStore() throws Exception {
        for (int i = 0; i < 3; i++) {
            String token = playtcha().mintToken();
            playtcha().injectFor(token, Fault.hang());
            HttpResponse<String> guess = timed(() -> client().login("/api/login", "judy", "guess", token));
            assertEquals(401, guess.statusCode(), guess::body);
        }
        String token = playtcha().mintToken();
        playtcha().injectFor(token, Fault.hang());

        HttpResponse<String> login = timed(() -> client().login("/api/login", "judy", "secret", token));

        assertEquals(503, login.statusCode(), login::body);
        assertEquals(3, Users.LOOKUPS.get(), "the three guesses that failed open, not the login at the account's limit");
    }

    /** {@code login}'s answer, which must come within the timeout and the slack. */
    static HttpResponse<String> timed(Login login) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> answer = login.send();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(Duration.ofMillis(TIMEOUT_MILLIS).plus(SLACK)) < 0, () -> "answered after " + took);
        return answer;
    }

    /** One login sent. */
    interface Login {
        HttpResponse<String> send() throws Exception;
    }
}
