package com.playtcha.jakarta.benchmarks;

import com.playtcha.jakarta.servlet.PlaytchaFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * What an application writes instead of using the library, after the vendor's "minimal example":
 * post {@code {secret, token}} with a timeout, pass on {@code success: true}, block a 4xx, fail
 * open on anything else. The two subclasses differ only in the HTTP client. It publishes the same
 * outcome attributes as {@link PlaytchaFilter} so that the endpoint and the load generator treat
 * every variant alike; that is the only thing a real one would not do.
 */
abstract class HandWrittenFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;
    /** How the minimal example reads the reply: no JSON parser, a pattern. */
    private static final Pattern SUCCESS = Pattern.compile("\"success\"\\s*:\\s*true");

    final transient URI verifyUrl;
    final Duration timeout;
    private final String secret;

    HandWrittenFilter(String secret, URI verifyUrl, Duration timeout) {
        this.secret = secret;
        this.verifyUrl = verifyUrl;
        this.timeout = timeout;
    }

    /** A reply from Playtcha. */
    record Reply(int status, String body) {
    }

    /** Posts the JSON body and reads the reply; throws when there was none (timeout, network). */
    abstract Reply post(String json) throws IOException, InterruptedException;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!"POST".equals(request.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        String token = request.getParameter("playtcha-token");
        if (token == null || token.isBlank()) {
            response.sendError(403);
            return;
        }
        String outcome;
        try {
            Reply reply = post("{\"secret\":\"" + secret + "\",\"token\":\"" + token + "\"}");
            if (reply.status() / 100 == 2 && SUCCESS.matcher(reply.body()).find()) {
                outcome = "verified";
            } else if (reply.status() / 100 == 4) {
                response.sendError(403);
                return;
            } else {
                outcome = "unavailable";
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = "unavailable";
        } catch (IOException e) {
            outcome = "unavailable"; // fail open, as the vendor says
        }
        request.setAttribute(PlaytchaFilter.OUTCOME, outcome);
        chain.doFilter(request, response);
    }
}
