package com.playtcha.jakarta.core;

import com.playtcha.jakarta.testing.Fault;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.SimulatedProject;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * One row of the decision table, staged on the simulator: {@code arrange} prepares the simulator and
 * returns the token to verify. Shared by the verifier contract test, the secret-leak test and the
 * filter test (com.playtcha.jakarta.servlet), which stages every row over HTTP; hence public.
 *
 * @param name         the row, as the test report shows it
 * @param arrange      sets up the simulator, returns the token
 * @param outcome      verified, rejected or unavailable
 * @param code         the expected error code, or {@code null} when verified
 * @param requestId    whether Playtcha's request id comes back
 * @param upstreamCalls how many verify calls reach the simulator
 * @param openStatus   the decision's status when failing open (0 = pass)
 * @param closedStatus the decision's status when failing closed (0 = pass)
 */
public record Scenario(String name, Function<PlaytchaSimulator, String> arrange, String outcome, String code,
        boolean requestId, int upstreamCalls, int openStatus, int closedStatus) {

    @Override
    public String toString() {
        return name;
    }

    /**
     * The verify budget of the rows that time out ({@link #timesOut()}): {@link TestSettings#SHORT}, so
     * the hang and drip rows are quick. Every other row runs under {@link TestSettings#PATIENT}: at
     * 1.5 s for all rows, a loaded machine's first verify came back {@code timeout} (issue 66).
     */
    public static final java.time.Duration TIMEOUT = TestSettings.SHORT;

    /** Whether this row's point is a verify that runs out of time (a hang, a drip). */
    public boolean timesOut() {
        return VerificationResult.TIMEOUT.equals(code);
    }

    /** The budget this row runs under: {@link #TIMEOUT} when it {@link #timesOut()}, else {@link TestSettings#PATIENT}. */
    public java.time.Duration budget() {
        return timesOut() ? TIMEOUT : TestSettings.PATIENT;
    }

    public static final String WRONG_SECRET = "sk_test_not_the_right_one";

    public static List<Scenario> all() {
        return List.of(
                new Scenario("valid token", PlaytchaSimulator::mintToken, "verified", null, true, 1, 0, 0),
                new Scenario("degraded band", sim -> {
                    sim.degradedAfter(0);
                    return sim.mintToken();
                }, "verified", null, true, 1, 0, 0),
                new Scenario("no token", sim -> null, "rejected", "missing_token", false, 0, 403, 403),
                new Scenario("blank token", sim -> " \t", "rejected", "missing_token", false, 0, 403, 403),
                new Scenario("token over 8 KiB", sim -> "a".repeat(8193), "rejected", "malformed_token", false, 0, 403, 403),
                new Scenario("token with a space", sim -> "ptk_a b", "rejected", "malformed_token", false, 0, 403, 403),
                new Scenario("token with non-ASCII", sim -> "ptk_\u00e9", "rejected", "malformed_token", false, 0, 403, 403),
                new Scenario("token with a newline", sim -> sim.mintToken() + "\n", "rejected", "malformed_token", false, 0, 403, 403),
                new Scenario("2xx success false", sim -> {
                    sim.injectOnce(Fault.json(200, "{\"success\":false,\"request_id\":\"req_sf\"}"));
                    return sim.mintToken();
                }, "rejected", "unsuccessful", true, 1, 403, 403),
                new Scenario("2xx not JSON", sim -> {
                    sim.injectOnce(Fault.reply(200, "text/html", "<html>ok</html>"));
                    return sim.mintToken();
                }, "unavailable", "bad_response", false, 1, 0, 503),
                new Scenario("2xx without success", sim -> {
                    sim.injectOnce(Fault.json(200, "{\"degraded\":false}"));
                    return sim.mintToken();
                }, "unavailable", "bad_response", false, 1, 0, 503),
                new Scenario("2xx over 64 KiB", sim -> {
                    sim.injectOnce(Fault.oversizedBody(70_000));
                    return sim.mintToken();
                }, "unavailable", "bad_response", false, 1, 0, 503),
                new Scenario("401 token_invalid", sim -> "ptk_garbage", "rejected", "token_invalid", true, 1, 403, 403),
                new Scenario("401 bad_secret", sim -> {
                    SimulatedProject other = sim.createProject("other");
                    return sim.mintToken(other);
                }, "rejected", "bad_secret", true, 1, 403, 403),
                new Scenario("404 unknown_project", sim -> {
                    String token = sim.mintToken();
                    sim.deleteProject(sim.defaultProject());
                    return token;
                }, "rejected", "unknown_project", true, 1, 403, 403),
                new Scenario("409 already_redeemed", PlaytchaSimulator::mintRedeemedToken,
                        "rejected", "already_redeemed", true, 1, 403, 403),
                new Scenario("410 token_expired", PlaytchaSimulator::mintExpiredToken,
                        "rejected", "token_expired", true, 1, 403, 403),
                new Scenario("other 4xx without envelope", sim -> {
                    sim.injectOnce(Fault.html(418));
                    return sim.mintToken();
                }, "rejected", "http_418", false, 1, 403, 403),
                new Scenario("429 rate_limited_ip", sim -> {
                    sim.injectOnce(Fault.serverError(429, "rate_limited_ip").withHeader("Retry-After", "7"));
                    return sim.mintToken();
                }, "rejected", "rate_limited_ip", true, 1, 429, 429),
                new Scenario("302 never followed", sim -> {
                    sim.injectOnce(Fault.redirect(302, sim.url() + "/v1/verify"));
                    return sim.mintToken();
                }, "unavailable", "bad_response", false, 1, 0, 503),
                new Scenario("status 600", sim -> {
                    sim.injectOnce(Fault.raw("HTTP/1.1 600 Odd\r\nContent-Type: application/json\r\nContent-Length: 16\r\n"
                            + "Connection: close\r\n\r\n{\"success\":true}"));
                    return sim.mintToken();
                }, "unavailable", "bad_response", false, 1, 0, 503),
                new Scenario("garbage status line", sim -> {
                    sim.injectOnce(Fault.raw("HELLO THERE\r\nContent-Length: 16\r\n\r\n{\"success\":true}"));
                    return sim.mintToken();
                }, "unavailable", "bad_response", false, 1, 0, 503),
                new Scenario("2xx body cut short", sim -> {
                    sim.injectOnce(Fault.raw("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 40\r\n"
                            + "\r\n{\"success\":true"));
                    return sim.mintToken();
                }, "unavailable", "bad_response", false, 1, 0, 503),
                new Scenario("2xx chunked body cut short", sim -> {
                    sim.injectOnce(Fault.raw("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
                            + "\r\n20\r\n{\"success\":true"));
                    return sim.mintToken();
                }, "unavailable", "bad_response", false, 1, 0, 503),
                new Scenario("header line over the limit", sim -> {
                    sim.injectOnce(Fault.raw("HTTP/1.1 200 OK\r\nX-Padding: " + "x".repeat(20_000)
                            + "\r\nContent-Length: 16\r\n\r\n{\"success\":true}"));
                    return sim.mintToken();
                }, "unavailable", "bad_response", false, 1, 0, 503),
                new Scenario("too many header lines", sim -> {
                    sim.injectOnce(Fault.raw("HTTP/1.1 200 OK\r\n" + "X-Padding: x\r\n".repeat(500)
                            + "Content-Length: 16\r\n\r\n{\"success\":true}"));
                    return sim.mintToken();
                }, "unavailable", "bad_response", false, 1, 0, 503),
                new Scenario("500 with envelope", sim -> {
                    sim.injectOnce(Fault.serverError(500, "db_error"));
                    return sim.mintToken();
                }, "unavailable", "db_error", true, 1, 0, 503),
                new Scenario("502 with HTML", sim -> {
                    sim.injectOnce(Fault.html(502));
                    return sim.mintToken();
                }, "unavailable", "http_502", false, 1, 0, 503),
                new Scenario("hang", sim -> {
                    sim.injectOnce(Fault.hang());
                    return sim.mintToken();
                }, "unavailable", "timeout", false, 1, 0, 503),
                new Scenario("slow drip", sim -> {
                    sim.injectOnce(Fault.drip(Duration.ofMillis(50)));
                    return sim.mintToken();
                }, "unavailable", "timeout", false, 1, 0, 503),
                new Scenario("connection reset", sim -> {
                    sim.injectOnce(Fault.reset());
                    return sim.mintToken();
                }, "unavailable", "network_error", false, 1, 0, 503),
                new Scenario("reply lost after redeeming", sim -> {
                    sim.injectOnce(Fault.lostReply());
                    return sim.mintToken();
                }, "unavailable", "network_error", false, 1, 0, 503));
    }
}
