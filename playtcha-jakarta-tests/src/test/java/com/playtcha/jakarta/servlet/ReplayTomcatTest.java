package com.playtcha.jakarta.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.playtcha.jakarta.core.TestSettings;
import com.playtcha.jakarta.testing.Fault;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What issue 27 saw in a real Tomcat, failing open: one token posted by ten visitors at once while
 * Playtcha hangs. Through the filter, one request goes on (failed open, with its ledger id) and the
 * nine others are refused at once as replays, 403 {@code already_redeemed}; Playtcha sees the token once.
 */
class ReplayTomcatTest {

    @RegisterExtension
    static final PlaytchaSimulatorExtension PLAYTCHA = new PlaytchaSimulatorExtension();

    private static final int VISITORS = 10;
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TestSettings.SLACK).build();

    @TempDir
    Path base;

    @Test
    void oneTokenPostedByTenVisitorsDuringAHang_goesOnOnce_andTheOthersAreReplays() throws Exception {
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        sim.inject(Fault.hang());
        String token = sim.mintToken();
        List<Reply> replies = new ArrayList<>();
        ExecutorService visitors = Executors.newFixedThreadPool(VISITORS);
        try (EmbeddedTomcat tomcat = EmbeddedTomcat.guarded(new EchoServlet(), base,
                EmbeddedJetty.settings(sim, "timeout", EmbeddedJetty.TIMEOUT, "breaker.enabled", "false"))) {
            URI form = URI.create("http://127.0.0.1:" + tomcat.port() + "/form/signup");
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Reply>> posts = new ArrayList<>();
            for (int i = 0; i < VISITORS; i++) {
                posts.add(visitors.submit(() -> {
                    go.await();
                    return new Call(CLIENT, form, "POST").acceptJson().form("playtcha-token", token, "name", "Ada").send();
                }));
            }
            go.countDown();
            for (Future<Reply> post : posts) {
                replies.add(post.get(TestSettings.WAIT.toMillis(), TimeUnit.MILLISECONDS));
            }
        } finally {
            visitors.shutdownNow();
        }

        List<Reply> wentOn = replies.stream().filter(Reply::echoed).toList();
        assertEquals(1, wentOn.size(), replies::toString);
        Map<String, String> seen = wentOn.get(0).echo();
        assertEquals("true", seen.get(PlaytchaFilter.FAILED_OPEN), seen::toString);
        assertEquals("timeout", seen.get(PlaytchaFilter.ERROR_CODE));
        assertNotNull(seen.get(PlaytchaFilter.LEDGER_ID), seen::toString);
        List<Reply> refused = replies.stream().filter(r -> r.status() == 403).toList();
        assertEquals(VISITORS - 1, refused.size(), replies::toString);
        refused.forEach(r -> assertEquals("already_redeemed", r.json().getJsonObject("error").getString("code"), r::toString));
        assertEquals(1, sim.callCount(token), "Playtcha saw the token once");
    }
}
