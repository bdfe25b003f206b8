package com.playtcha.jakarta.internal.web;

import com.playtcha.jakarta.core.Decision;
import com.playtcha.jakarta.core.DecisionAttributes;
import com.playtcha.jakarta.core.Verification;
import com.playtcha.jakarta.core.VerificationResult;

/**
 * What {@link WebGuard#decide} found for one request, for its filter to carry out: pass it on, or
 * answer {@link #rejection()}. The attributes are already on the request.
 *
 * @param result      the result: this request's own verification, or the one an earlier filter left on it
 * @param decision    the decision under this filter's policy
 * @param path        the request's path without path parameters, as the ledger and the listeners saw it;
 *                    for the filter's own log lines
 * @param rejection   the answer when the request does not go on; {@code null} when it does
 * @param observeNote the line to log at INFO when observe mode lets through what enforce would have
 *                    blocked ({@code enforce would answer 403 [...]}); {@code null} otherwise
 * @param tokenSpent  whether a retry with the same token would be refused ({@link Verification#tokenSpent()}):
 *                    the {@link DecisionAttributes#TOKEN_SPENT} attribute and the {@code Playtcha-Token-Spent} header
 */
public record WebDecision(VerificationResult result, Decision decision, String path, Rejection rejection,
        String observeNote, boolean tokenSpent) {

    /** The response header of a login attempt that carries {@link #tokenSpent()}: {@code true} or {@code false}. */
    public static final String TOKEN_SPENT_HEADER = "Playtcha-Token-Spent";

    /** Whether the request goes on to the application: {@code decision().proceeds()}. */
    public boolean proceeds() {
        return decision.proceeds();
    }
}
