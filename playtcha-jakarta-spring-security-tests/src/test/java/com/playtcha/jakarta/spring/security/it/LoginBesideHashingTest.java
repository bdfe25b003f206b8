package com.playtcha.jakarta.spring.security.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.DecisionEvent;
import com.playtcha.jakarta.core.PlaytchaListener;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.core.VerifierStatus;
import com.playtcha.jakarta.spring.testkit.Browser;
import com.playtcha.jakarta.spring.testkit.SpringSimulator;
import com.playtcha.jakarta.spring.testkit.WithSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The attack of issue 64, item 3, against a healthy Playtcha: an account over its limit, ten junk-token
 * guesses at it with its right password, and beside them 32 tokenless wrong logins at fresh accounts,
 * which need no token and go straight to BCrypt (at its default strength), with four {@code nice -n 5 yes}
 * loops started and ended here. On JDK 25 with {@code spring.threads.virtual.enabled=true} (the build's
 * second run) the hashing holds every carrier thread while the guesses wait for Playtcha's reply; before
 * the exchange moved to platform threads, verifies timed out, the breaker opened and the guesses failed
 * open into the victim's store. On platform threads (the first run) the same. Counts, not timings:
 * the victim's store is asked 0 times, no verify fails open or times out, the breaker counts nothing,
 * every guess is rejected by Playtcha or blocked as our own load ({@code stalled}, 503).
 */
@WithSimulator
@SpringBootTest(classes = {LoginTestApplication.class, LoginBesideHashingTest.Codes.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "playtcha.login.require=after-failures", "login-test.bcrypt=true", "playtcha.client-budget.enabled=false",
        // One client address posts everything here: its own limits would stop the hashing logins before BCrypt.
        "playtcha.login.client-failures=100", "playtcha.login.attack-failures-per-minute=100000"})
class LoginBesideHashingTest {

    private static final PlaytchaSimulator PLAYTCHA = SpringSimulator.simulator();
    private static final int GUESSES = 10;
    private static final int HASHING_LOGINS = 32;
    private static final int BUSY_LOOPS = 4;
    private static final Duration BURST_WAIT = Duration.ofMinutes(3);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(BURST_WAIT).build();

    @Value("${local.server.port}")
    int port;

    @Autowired
    PlaytchaVerifier verifier;

    /** The codes of every unavailable verify, as the verifier's listeners are told them. */
    static final Map<String, AtomicInteger> UNAVAILABLE = new ConcurrentHashMap<>();

    @TestConfiguration
    static class Codes {
        @Bean
        PlaytchaListener unavailableCodes() {
            return new PlaytchaListener() {
                @Override
                public void decided(DecisionEvent event) {
                    if (event.result() instanceof VerificationResult.Unavailable unavailable) {
                        UNAVAILABLE.computeIfAbsent(unavailable.code(), c -> new AtomicInteger()).incrementAndGet();
                    }
                }
            };
        }
    }

    private int lookupsOf(String account) {
        AtomicInteger count = LoginTestApplication.LOOKUPS_OF.get(account);
        return count == null ? 0 : count.get();
    }

    /**
     * A form login as {@link Browser} posts one, waiting up to {@link #BURST_WAIT}: on a loaded machine a burst of
     * BCrypt logins on two cores takes longer than a browser's usual wait, and the test is about counts.
     */
    private HttpResponse<String> formLogin(String username, String password, String token) throws Exception {
        String form = "username=" + URLEncoder.encode(username, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8)
                + (token == null ? "" : "&playtcha-token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
        HttpRequest post = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/login")).timeout(BURST_WAIT)
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "text/html")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        return HTTP.send(post, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void junkTokenGuesses_besideHashingLogins_neverReachTheVictimsStore() throws Exception {
        Browser browser = new Browser(port);
        for (int i = 0; i < 3; i++) { // the victim over its limit, and bob
            assertEquals(302, browser.formLogin("/login", "alice", "wrong", null).statusCode());
            assertEquals(302, browser.formLogin("/login", "bob", "wrong", null).statusCode());
        }
        for (int i = 0; i < 20; i++) { // verified logins: a login's and a verify's classes loaded, here and in the simulator
            assertEquals(302, browser.formLogin("/login", "bob", "secret", PLAYTCHA.mintToken()).statusCode());
        }
        VerifierStatus warm = verifier.status();
        int victimBefore = lookupsOf("alice");
        List<Process> busy = new ArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(GUESSES + HASHING_LOGINS);
        try {
            for (int i = 0; i < BUSY_LOOPS; i++) {
                busy.add(new ProcessBuilder("nice", "-n", "5", "yes").redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
            }
            List<Future<HttpResponse<String>>> guesses = new ArrayList<>();
            List<Future<HttpResponse<String>>> hashing = new ArrayList<>();
            for (int i = 0; i < HASHING_LOGINS; i++) {
                String fresh = "fresh-" + i;
                hashing.add(clients.submit(() -> formLogin(fresh, "wrong", null)));
                if (i % 3 == 0 && guesses.size() < GUESSES) {
                    String junk = "ptk_default_junk" + i;
                    guesses.add(clients.submit(() -> formLogin("alice", "secret", junk)));
                }
            }
            for (Future<HttpResponse<String>> login : hashing) {
                assertEquals("/login-page?error", login.get().headers().firstValue("Location").map(l -> l.replaceAll(".*/login-page",
                        "/login-page")).orElse(null), "a tokenless wrong login is refused by its password check");
            }
            for (Future<HttpResponse<String>> guess : guesses) {
                assertTrue(guess.get().headers().firstValue("Location").orElse("").contains("error"), "a junk-token guess is refused");
            }
        } finally {
            clients.shutdownNow();
            busy.forEach(Process::destroy);
        }
        assertEquals(victimBefore, lookupsOf("alice"), "no guess reached the victim's store");
        VerifierStatus status = verifier.status();
        assertEquals(0L, status.decisions().get(DecisionEvent.Kind.FAILED_OPEN), "no verify failed open: " + status);
        // Our own load may block a guess as `stalled` (503, Retry-After: 1): never Playtcha's timeout, never a pass.
        assertEquals(Set.of(), UNAVAILABLE.keySet().stream().filter(code -> !code.equals(VerificationResult.STALLED))
                .collect(Collectors.toSet()), "no verify timed out or was otherwise unavailable: " + UNAVAILABLE + " " + status);
        assertEquals(VerifierStatus.BreakerState.CLOSED, status.breaker(), "the breaker counted nothing: " + status);
        assertEquals(0, status.consecutiveFailures(), "the breaker counted nothing: " + status);
        assertEquals(GUESSES, status.decisions(DecisionEvent.Kind.REJECTED) - warm.decisions(DecisionEvent.Kind.REJECTED)
                + status.decisions(DecisionEvent.Kind.UNAVAILABLE) - warm.decisions(DecisionEvent.Kind.UNAVAILABLE),
                "Playtcha rejected every guess, or our load blocked it: " + status);
    }
}
