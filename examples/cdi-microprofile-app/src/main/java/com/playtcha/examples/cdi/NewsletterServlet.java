package com.playtcha.examples.cdi;

import com.playtcha.jakarta.core.Decision;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.Verification;
import com.playtcha.jakarta.core.VerificationResult;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;

/**
 * Decides by hand, without the filter: {@code POST /api/newsletter} with the token in the
 * {@code Playtcha-Token} header. The injected {@link PlaytchaVerifier} is the application's one
 * (configured from MicroProfile Config, shared with the filter's pool); its one call applies the
 * configured fail mode, mode and reject status, so this endpoint and the filter decide alike, and
 * records a post that failed open for a later re-check (and tells the observers) before it returns.
 *
 * <p>A degraded success is a quota signal, not a failed check: it is logged and the post goes on.
 */
@WebServlet("/api/newsletter")
public class NewsletterServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final System.Logger LOG = System.getLogger(NewsletterServlet.class.getName());

    @Inject
    transient PlaytchaVerifier verifier;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String token = request.getHeader("Playtcha-Token");
        // With the client's address, its verify budget pays (one client cannot spend everyone's quota); as the
        // filter does, observers hear the decision and a fail-open is re-checked later (SlippedThrough).
        Verification verification = verifier.verify(token, request.getRemoteAddr(), request.getRequestURI());
        VerificationResult result = verification.result();
        Decision decision = verification.decision();
        if (result.degraded()) {
            LOG.log(Level.INFO, "Playtcha quota: degraded band; verification still succeeds [request_id={0}]",
                    result.requestId());
        }
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        if (!decision.proceeds()) {
            response.setStatus(decision.status());
            if (decision.retryAfterSeconds() > 0) { // 429: Playtcha throttles us, or this client is over its budget
                response.setHeader("Retry-After", Long.toString(decision.retryAfterSeconds()));
            }
            response.getWriter().printf("{\"subscribed\":false,\"code\":\"%s\"}", result.errorCode());
            return;
        }
        // Subscribe here. Failing open, result may be Unavailable: the reply says so.
        response.getWriter().printf("{\"subscribed\":true,\"outcome\":\"%s\",\"degraded\":%b}", result.outcome(),
                result.degraded());
    }
}
