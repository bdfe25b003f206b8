package com.playtcha.jakarta.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.TestSettings;
import com.playtcha.jakarta.testing.Fault;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Our own load is not Playtcha's outage. A flood of junk-token posts far beyond the pool, against a
 * healthy Playtcha with a realistic latency, must buy nothing: every post is blocked (403 for the
 * tokens Playtcha saw, 503 {@code overloaded} with {@code Retry-After: 1} for the ones that found no
 * free connection), none reaches the application, and the circuit breaker stays closed, so the next
 * junk token is still rejected and the next real one still verified. A Playtcha that hangs, on the
 * other hand, still fails open as configured, through real timeouts and the breaker.
 */
class FloodTest {

    @RegisterExtension
    static final PlaytchaSimulatorExtension PLAYTCHA = new PlaytchaSimulatorExtension();

    private static final int CALLERS = 40;
    private static final int ROUNDS = 3;

    private final AtomicInteger reached = new AtomicInteger();
    private EmbeddedJetty jetty;

    private void deploy(PlaytchaSimulator sim, String... more) throws Exception {
        // The client budget off: the flood comes from one address, and its budget would refuse most of
        // it before the pool saw it (ClientBudgetFilterTest); this class floods the pool itself.
        String[] tight = {"max-connections", "2", "ledger.enabled", "false", "client-budget.enabled", "false"};
        String[] all = new String[tight.length + more.length];
        System.arraycopy(tight, 0, all, 0, tight.length);
        System.arraycopy(more, 0, all, tight.length, more.length);
        jetty = EmbeddedJetty.start(context -> {
            context.addServlet(new ServletHolder("app", new EchoServlet()), "/*");
            EmbeddedJetty.guard(context, EmbeddedJetty.playtcha("signup", EmbeddedJetty.settings(sim, all)), "/signup/*");
            // Mapped after PlaytchaFilter: counts what got past it.
            context.addFilter(new FilterHolder((Filter) (request, response, chain) -> {
                reached.incrementAndGet();
                chain.doFilter(request, response);
            }), "/*", EnumSet.of(DispatcherType.REQUEST));
        });
    }

    @AfterEach
    void undeploy() {
        if (jetty != null) {
            jetty.close();
        }
    }

    @Test
    void junkFloodFarBeyondThePool_againstAHealthyPlaytcha_buysNothing_andLeavesTheBreakerClosed() throws Exception {
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        sim.inject(Fault.delay(Duration.ofMillis(20)));
        deploy(sim, "lease-timeout", "100ms"); // fail-open, the default: the mode an attacker would hope to exploit

        Map<String, Integer> statuses = new TreeMap<>();
        List<Reply> overloaded = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            for (Reply reply : flood(i -> "junk-token-" + i)) {
                statuses.merge(reply.status() + " " + code(reply), 1, Integer::sum);
                if (reply.status() == 503) {
                    overloaded.add(reply);
                }
            }
        }

        assertEquals(0, reached.get(), () -> "junk posts that reached the application; statuses " + statuses);
        assertTrue(statuses.keySet().stream().allMatch(s -> s.equals("403 token_invalid") || s.equals("503 overloaded")),
                statuses::toString);
        assertTrue(!overloaded.isEmpty(), () -> "the flood should have outrun two connections: " + statuses);
        for (Reply reply : overloaded) {
            assertEquals("1", reply.header("Retry-After"), reply::toString);
        }
        Reply junk = jetty.post("/signup/form").acceptJson().form("playtcha-token", "junk-after-the-flood").send();
        assertEquals(403, junk.status(), junk::toString);
        assertEquals("token_invalid", code(junk), "Playtcha was asked: the breaker is closed");
        Reply real = jetty.post("/signup/form").form("playtcha-token", sim.mintToken()).send();
        assertEquals(200, real.status(), real::toString);
        assertEquals("verified", real.echo().get(PlaytchaFilter.OUTCOME));
    }

    @Test
    void slowButInTimePlaytcha_flooded_stillAnswersInTime_soNothingFailsOpen() throws Exception {
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        // 1 s is well inside a 6 s timeout. The default lease-timeout is then a quarter of it,
        // 1.5 s: a post queues at most that long (then it is overloaded and blocked), so the
        // exchange gets at least the other 4.5 s however long it queued, and a flood cannot turn
        // Playtcha's ordinary latency into timeouts that fail open and count for the breaker. (At a
        // fifth of a 2 s timeout, 200 ms in 400, one post of 80 timed out beside other builds: a 100 ms
        // margin; at a 2 s timeout, two did at load 25: a 500 ms margin.)
        sim.inject(Fault.delay(Duration.ofSeconds(1)));
        deploy(sim, "timeout", "6s", "connect-timeout", "500ms", "breaker.failures", "3");

        Map<String, Integer> statuses = new TreeMap<>();
        for (int round = 0; round < 2; round++) {
            for (Reply reply : flood(i -> "junk-token-" + i)) {
                statuses.merge(reply.status() + " " + code(reply), 1, Integer::sum);
            }
        }

        assertEquals(0, reached.get(), () -> "junk posts that reached the application; statuses " + statuses);
        Reply junk = jetty.post("/signup/form").acceptJson().form("playtcha-token", "junk-after-the-flood").send();
        assertEquals("token_invalid", code(junk), () -> "the breaker must still be closed: " + junk);
    }

    @Test
    void hungPlaytcha_stillFailsOpen_throughTimeoutsAndTheBreaker() throws Exception {
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        sim.inject(Fault.hang());
        deploy(sim, "timeout", "300ms", "connect-timeout", "200ms", "lease-timeout", "100ms", "breaker.failures", "3",
                "breaker.cool-down", "5m");

        List<String> codes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Reply reply = jetty.post("/signup/form").form("playtcha-token", sim.mintToken()).send();
            assertEquals(200, reply.status(), reply::toString);
            assertEquals("true", reply.echo().get(PlaytchaFilter.FAILED_OPEN), reply::toString);
            codes.add(reply.echo().get(PlaytchaFilter.ERROR_CODE));
        }

        assertEquals(List.of("timeout", "timeout", "timeout", "circuit_open", "circuit_open"), codes);
        assertEquals(5, reached.get());
        // At most one post per timeout (a loaded machine may spend a post's 300 ms before it reaches the server), none after
        int reachedPlaytcha = sim.callCount();
        assertTrue(reachedPlaytcha <= 3, reachedPlaytcha + " posts reached Playtcha: more than the three before the breaker opened");
    }

    private interface Tokens {
        String token(int i);
    }

    /** {@value #CALLERS} posts at once, released together. */
    private List<Reply> flood(Tokens tokens) throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Reply>> sent = new ArrayList<>();
            for (int i = 0; i < CALLERS; i++) {
                String token = tokens.token(i);
                sent.add(callers.submit(() -> {
                    go.await();
                    return jetty.post("/signup/form").acceptJson().form("playtcha-token", token).send();
                }));
            }
            go.countDown();
            List<Reply> replies = new ArrayList<>();
            for (Future<Reply> reply : sent) {
                replies.add(reply.get(TestSettings.WAIT.toMillis(), TimeUnit.MILLISECONDS));
            }
            return replies;
        } finally {
            callers.shutdownNow();
        }
    }

    private static String code(Reply reply) {
        return reply.status() == 200 ? "passed-" + reply.echo().get(PlaytchaFilter.ERROR_CODE) : reply.json().getJsonObject("error").getString("code");
    }
}
