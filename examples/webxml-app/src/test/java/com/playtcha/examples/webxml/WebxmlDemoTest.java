package com.playtcha.examples.webxml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo's control endpoints over plain HTTP: every token kind and every Playtcha state the page
 * offers does what its button says, on both forms (the browser test walks one path through the page;
 * this covers the rest, and runs where Chromium is not installed).
 */
class WebxmlDemoTest {

    private static WebxmlDemo demo;

    @BeforeAll
    static void start() throws Exception {
        demo = WebxmlDemo.start(0);
    }

    @AfterAll
    static void stop() throws Exception {
        if (demo != null) {
            demo.close();
        }
    }

    @Test
    void pageIsServed() throws Exception {
        HttpResponse<String> page = Http.get(demo.url());
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("id=\"submit-both\""));
    }

    @Test
    void eachTokenKind_getsItsDecision() throws Exception {
        state("normal");
        assertEquals("accepted", WebxmlAppTest.decision(submit("/signup", mint("valid"))));
        assertEquals("token_expired", code(submit("/signup", mint("expired"))));
        assertEquals("already_redeemed", code(submit("/signup", mint("used"))));
        assertEquals("token_invalid", code(submit("/signup", mint("garbage"))));
    }

    @Test
    void eachState_showsFailOpenAndFailClosedSideBySide() throws Exception {
        try {
            state("outage");
            assertEquals("true", WebxmlAppTest.attribute(submit("/signup", mint("valid")), "com.playtcha.failed-open"));
            assertEquals(503, submit("/payment", mint("valid")).statusCode());

            state("rate-limited");
            assertEquals(429, submit("/signup", mint("valid")).statusCode());
            assertEquals(429, submit("/payment", mint("valid")).statusCode());

            state("degraded");
            assertEquals("true", WebxmlAppTest.attribute(submit("/payment", mint("valid")), "com.playtcha.degraded"));

            state("slow");
            HttpResponse<String> slow = submit("/signup", mint("valid"));
            assertEquals("timeout", code(slow));
            assertEquals("true", WebxmlAppTest.attribute(slow, "com.playtcha.failed-open"));
        } finally {
            state("normal");
        }
    }

    @Test
    void outage_opensTheBreaker_backToNormal_itCoolsDown_thenAProbeClosesIt() throws Exception {
        state("normal");
        assertEquals("accepted", WebxmlAppTest.decision(submit("/signup", mint("valid"))), "no failure in a row before");
        assertEquals("closed", status("breaker"));

        state("outage");
        for (int i = 1; i <= 3; i++) {
            assertEquals("db_error", code(submit("/signup", mint("valid"))));
        }
        assertEquals("open", status("breaker"), "after the demo's 3 failures in a row");
        assertEquals("circuit_open", code(submit("/signup", mint("valid"))), "answered without asking Playtcha");
        assertTrue(Integer.parseInt(status("ledger_open")) >= 4, "what failed open waits in the ledger: " + statusJson());
        assertEquals("5000", status("cool_down_ms"));

        state("normal");
        assertEquals("open", status("breaker"), "Playtcha is back, but only a probe tells the breaker");
        long probeIn = Long.parseLong(status("probe_in_ms"));
        assertTrue(probeIn > 0 && probeIn <= 5000, statusJson());
        assertEquals("circuit_open", code(submit("/signup", mint("valid"))), "still open");

        awaitStatus("breaker", "half-open", Duration.ofMillis(probeIn).plusSeconds(5));
        assertEquals("accepted", WebxmlAppTest.decision(submit("/signup", mint("valid"))));
        assertEquals("closed", status("breaker"), "the probe got a verdict");
        assertEquals("0", status("consecutive_failures"));
        awaitStatus("ledger_open", "0", Duration.ofSeconds(30));
    }

    private static String statusJson() throws Exception {
        HttpResponse<String> status = Http.get(demo.url().resolve("../status"));
        assertEquals(200, status.statusCode(), status.body());
        return status.body();
    }

    /** One field of {@code GET /status}, as written (a string's quotes removed). */
    private static String status(String field) throws Exception {
        String json = statusJson();
        Matcher value = Pattern.compile("\"" + field + "\":(\"([^\"]*)\"|[^,}]*)").matcher(json);
        assertTrue(value.find(), field + " in " + json);
        return value.group(2) != null ? value.group(2) : value.group(1);
    }

    private static void awaitStatus(String field, String expected, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (!expected.equals(status(field)) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(expected, status(field), statusJson());
    }

    private static String mint(String kind) throws Exception {
        HttpResponse<String> token = Http.postForm(demo.url().resolve("mint?kind=" + kind));
        assertEquals(200, token.statusCode(), token.body());
        return token.body();
    }

    private static void state(String name) throws Exception {
        URI uri = demo.url().resolve("state?name=" + name);
        assertEquals(name, Http.postForm(uri).body());
        assertEquals(name, Http.get(demo.url().resolve("state")).body());
    }

    private static HttpResponse<String> submit(String path, String token) throws Exception {
        return Http.postForm(demo.url().resolve(".." + path), "email", "ada@example.org", "amount", "1",
                "playtcha-token", token);
    }

    private static String code(HttpResponse<String> page) {
        return WebxmlAppTest.attribute(page, "com.playtcha.error-code");
    }
}
