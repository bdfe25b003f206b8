package com.playtcha.examples.webxml;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.VerifierStatus;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * {@code GET /status}: the application verifier's {@link VerifierStatus} as JSON, with the breaker
 * settings a reader needs to make sense of it:
 *
 * <pre>{@code
 * {"breaker":"open","since":"2026-11-23T10:02:03.120Z","consecutive_failures":0,"failures_to_open":5,
 *  "cool_down_ms":10000,"probe_in_ms":6880,"ledger_open":2,"ledger_capacity":10000}
 * }</pre>
 *
 * {@code breaker} is {@code closed}, {@code open}, {@code half-open} or {@code off}; {@code probe_in_ms}
 * is set while it is open: how long until its cool-down ends and the next verify goes to Playtcha as
 * a probe, which closes the breaker if Playtcha answers it. Until then the breaker cannot know that
 * Playtcha is back. A real application would show this to its operators only.
 */
public class StatusServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ApplicationVerifier application = (ApplicationVerifier) getServletContext().getAttribute(ApplicationVerifier.ATTRIBUTE);
        VerifierStatus status = application.get().status();
        PlaytchaSettings.Breaker breaker = application.settings().breaker();
        Long probeIn = null;
        if (status.breaker() == VerifierStatus.BreakerState.OPEN) {
            Instant probe = status.breakerSince().plus(breaker.coolDown());
            probeIn = Math.max(0, Duration.between(Instant.now(), probe).toMillis());
        }
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().printf("{\"breaker\":\"%s\",\"since\":%s,\"consecutive_failures\":%d,\"failures_to_open\":%d,"
                + "\"cool_down_ms\":%d,\"probe_in_ms\":%s,\"ledger_open\":%d,\"ledger_capacity\":%d}",
                status.breaker().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                status.breakerSince() == null ? "null" : "\"" + status.breakerSince() + "\"",
                status.consecutiveFailures(), breaker.failures(), breaker.coolDown().toMillis(), probeIn,
                status.ledgerOpen(), status.ledgerCapacity());
    }
}
