package com.playtcha.examples.webxml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.testing.Fault;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The example as deployed: its web.xml in Jetty 12 ee10, against the simulator, over HTTP. Each
 * test is one thing the example claims to show.
 */
class WebxmlAppTest {

    private static PlaytchaSimulator playtcha;
    private static WebxmlAppServer app;
    private static WebAppContext context;

    @BeforeAll
    static void deploy() throws Exception {
        RECHECK_LOGGER.addHandler(RECHECK_HANDLER);
        playtcha = PlaytchaSimulator.start();
        app = WebxmlAppServer.start(playtcha, 0, deployed -> context = deployed);
    }

    @AfterAll
    static void undeploy() throws Exception {
        RECHECK_LOGGER.removeHandler(RECHECK_HANDLER);
        if (app != null) {
            app.close();
        }
        if (playtcha != null) {
            playtcha.close();
        }
    }

    @BeforeEach
    void freshPlaytcha() {
        playtcha.reset();
    }

    @Test
    void secret_isNotInTheWar_butFromTheSystemProperty() throws Exception {
        String webXml = java.nio.file.Files.readString(WebxmlAppServer.webappDirectory().resolve("WEB-INF/web.xml"));
        assertFalse(webXml.contains(playtcha.secret()));
        assertFalse(webXml.contains("<param-name>secret</param-name>"), "the secret must come from the environment");
        assertEquals(200, post("/signup", playtcha.mintToken()).statusCode());
    }

    /** web.xml's {@code playtcha.timeout} context-param is {@code 2s}, the form the filter's init-params take. */
    @Test
    void applicationVerifier_readsItsSettingsInTheFiltersTextForms() {
        ApplicationVerifier offered = (ApplicationVerifier) context.getServletContext().getAttribute(ApplicationVerifier.ATTRIBUTE);

        assertEquals(Duration.ofSeconds(2), offered.settings().timeout(), "the context-param");
        assertEquals(playtcha.url().toString(), offered.settings().apiUrl().toString(), "the system property");
    }

    @Test
    void getShowsTheForm_withoutAskingPlaytcha() throws Exception {
        HttpResponse<String> form = Http.get(app.uri("/signup"));

        assertEquals(200, form.statusCode());
        assertTrue(form.body().contains("name=\"playtcha-token\""), form.body());
        assertEquals(0, playtcha.callCount());
    }

    @Test
    void validToken_onSignup_isAccepted_andTheServletSeesEveryAttribute() throws Exception {
        String token = playtcha.mintToken();

        HttpResponse<String> reply = post("/signup", token);

        assertEquals(200, reply.statusCode());
        assertEquals("accepted", decision(reply));
        assertEquals("verified", attribute(reply, "com.playtcha.outcome"));
        assertEquals("false", attribute(reply, "com.playtcha.degraded"));
        assertEquals("false", attribute(reply, "com.playtcha.failed-open"));
        assertEquals("(absent)", attribute(reply, "com.playtcha.error-code"));
        assertFalse(attribute(reply, "com.playtcha.request-id").equals("(absent)"), "Playtcha's request id");
        assertTrue(attribute(reply, "com.playtcha.result").startsWith("Verified["), reply.body());
        assertEquals(1, playtcha.callCount(token));
    }

    @Test
    void usedToken_isBlocked_andTheErrorPageSaysWhy() throws Exception {
        HttpResponse<String> reply = post("/contact", playtcha.mintRedeemedToken());

        assertEquals(403, reply.statusCode());
        assertEquals("blocked 403", decision(reply));
        assertEquals("already_redeemed", attribute(reply, "com.playtcha.error-code"));
        assertTrue(reply.body().contains("already used"), reply.body());
    }

    @Test
    void expiredToken_isBlocked_onBothFailModes() throws Exception {
        assertEquals("token_expired", attribute(post("/signup", playtcha.mintExpiredToken()), "com.playtcha.error-code"));
        HttpResponse<String> payment = post("/payment", playtcha.mintExpiredToken());
        assertEquals(403, payment.statusCode());
        assertEquals("token_expired", attribute(payment, "com.playtcha.error-code"));
    }

    @Test
    void missingToken_isBlocked_withoutCallingPlaytcha() throws Exception {
        HttpResponse<String> reply = post("/signup", null);

        assertEquals(403, reply.statusCode());
        assertEquals("missing_token", attribute(reply, "com.playtcha.error-code"));
        assertEquals(0, playtcha.callCount());
    }

    @Test
    void playtchaDown_signupFailsOpen_paymentFailsClosed() throws Exception {
        playtcha.inject(Fault.serverError(500, "db_error"));

        HttpResponse<String> signup = post("/signup", playtcha.mintToken());
        HttpResponse<String> payment = post("/payment", playtcha.mintToken());

        assertEquals(200, signup.statusCode());
        assertEquals("accepted", decision(signup));
        assertEquals("true", attribute(signup, "com.playtcha.failed-open"));
        assertEquals("db_error", attribute(signup, "com.playtcha.error-code"));
        assertEquals(503, payment.statusCode());
        assertEquals("blocked 503", decision(payment));
        assertEquals("unavailable", attribute(payment, "com.playtcha.outcome"));
        assertEquals("false", attribute(payment, "com.playtcha.failed-open"));
        playtcha.clearFaults();
        awaitRecheck(attribute(signup, "com.playtcha.ledger-id"));
    }

    @Test
    void signupLetThroughDuringAnOutage_isRecheckedWhenPlaytchaIsBack_andLogged() throws Exception {
        playtcha.inject(Fault.serverError(500, "db_error"));
        HttpResponse<String> signup = post("/signup", playtcha.mintToken());
        String ledgerId = attribute(signup, "com.playtcha.ledger-id");
        playtcha.clearFaults();

        String line = awaitRecheck(ledgerId);

        assertTrue(ledgerId.matches("[0-9a-f-]{36}"), ledgerId);
        assertTrue(line.contains("is confirmed") && line.contains("path=/signup"), line);
    }

    /**
     * Waits for SlippedThroughLog's line about this ledger id. Tests that fail open call it before
     * they end: the background re-check would otherwise post during a later test.
     */
    private static String awaitRecheck(String ledgerId) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        for (String line = RECHECKS.poll(30, java.util.concurrent.TimeUnit.SECONDS); line != null;
                line = RECHECKS.poll(Math.max(0, deadline - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS)) {
            if (line.contains("ledger-id=" + ledgerId)) {
                return line;
            }
        }
        throw new AssertionError("no re-check logged for ledger id " + ledgerId);
    }

    /** Held: java.util.logging keeps loggers weakly, and a collected one would come back without the handler. */
    private static final java.util.logging.Logger RECHECK_LOGGER = java.util.logging.Logger.getLogger(SlippedThroughLog.class.getName());
    /** SlippedThroughLog's lines, as the application logs them. */
    private static final java.util.concurrent.BlockingQueue<String> RECHECKS = new java.util.concurrent.LinkedBlockingQueue<>();
    private static final java.util.logging.Handler RECHECK_HANDLER = new java.util.logging.Handler() {
        @Override
        public void publish(java.util.logging.LogRecord record) {
            RECHECKS.add(new java.util.logging.SimpleFormatter().formatMessage(record));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @Test
    void playtchaHanging_paymentAnswers503_withinTheTwoSecondBudget() throws Exception {
        playtcha.inject(Fault.hang());
        long start = System.nanoTime();

        HttpResponse<String> payment = post("/payment", playtcha.mintToken());

        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertEquals(503, payment.statusCode());
        assertEquals("timeout", attribute(payment, "com.playtcha.error-code"));
        assertTrue(took.compareTo(Duration.ofSeconds(6)) < 0, "took " + took);
    }

    @Test
    void rateLimited_is429_withRetryAfter_onTheErrorPage() throws Exception {
        playtcha.rateLimit(1, Duration.ofMinutes(1));
        // The window's one verify: this post's, or the ledger re-verifying in the background a token that an earlier
        // case let through failing open. Either way the next post is past the window.
        post("/signup", playtcha.mintToken());

        HttpResponse<String> reply = post("/signup", playtcha.mintToken());

        assertEquals(429, reply.statusCode());
        assertTrue(Long.parseLong(reply.headers().firstValue("Retry-After").orElseThrow()) >= 1);
        assertEquals("rate_limited_ip", attribute(reply, "com.playtcha.error-code"));
    }

    @Test
    void degradedBand_isStillAccepted_andFlagged() throws Exception {
        playtcha.degradedAfter(0);

        HttpResponse<String> reply = post("/payment", playtcha.mintToken());

        assertEquals(200, reply.statusCode());
        assertEquals("true", attribute(reply, "com.playtcha.degraded"));
        assertEquals("verified", attribute(reply, "com.playtcha.outcome"));
    }

    @Test
    void ajax_tokenInHeader_isVerified_andAnsweredInJson() throws Exception {
        HttpResponse<String> reply = Http.postAjax(app.uri("/api/contact"), playtcha.mintToken(), "message=hi");

        assertEquals(200, reply.statusCode());
        assertEquals("{\"sent\":true,\"outcome\":\"verified\",\"degraded\":false,\"failed_open\":false}", reply.body());
    }

    @Test
    void ajax_usedToken_getsTheJsonErrorEnvelope_notTheErrorPage() throws Exception {
        HttpResponse<String> reply = Http.postAjax(app.uri("/api/contact"), playtcha.mintRedeemedToken(), "message=hi");

        assertEquals(403, reply.statusCode());
        assertTrue(reply.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        assertTrue(reply.body().startsWith("{\"error\":{\"code\":\"already_redeemed\",\"message\":\""), reply.body());
        assertTrue(reply.body().matches(".*\"request_id\":\"[^\"]+\"}}"), reply.body());
    }

    private static HttpResponse<String> post(String path, String token) throws Exception {
        return Http.postForm(app.uri(path), "email", "ada@example.org", "message", "hello", "amount", "12",
                "playtcha-token", token);
    }

    static String decision(HttpResponse<String> reply) {
        Matcher m = Pattern.compile("<p id=\"decision\"[^>]*>([^<]*)</p>").matcher(reply.body());
        assertTrue(m.find(), reply.body());
        return m.group(1);
    }

    /** The value the page shows for a request attribute; "(absent)" when it was not set. */
    static String attribute(HttpResponse<String> reply, String name) {
        Matcher m = Pattern.compile("<td data-name=\"" + Pattern.quote(name) + "\">(.*?)</td>").matcher(reply.body());
        assertTrue(m.find(), name + " not on the page: " + reply.body());
        return m.group(1).replace("<i>", "").replace("</i>", "");
    }
}
