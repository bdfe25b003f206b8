package com.playtcha.jakarta.internal.web;

import com.playtcha.jakarta.core.Decision;
import com.playtcha.jakarta.core.DecisionAttributes;
import com.playtcha.jakarta.core.Verification;
import com.playtcha.jakarta.core.VerificationResult;

/**
 * What {@link WebGuard#decide} found for one request (its attributes already on it): pass it on, or
 * answer {@link #rejection()} ({@code null} when it goes on). {@code path} is without path parameters;
 * {@code observeNote} is the INFO line when observe mode let through what enforce would block;
 * {@code tokenSpent} is {@link Verification#tokenSpent()}, the {@link DecisionAttributes#TOKEN_SPENT} attribute.
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
