package com.playtcha.jakarta.internal.web;

import com.playtcha.jakarta.core.Decision;
import com.playtcha.jakarta.core.DecisionAttributes;
import com.playtcha.jakarta.core.LedgerEntry;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.Policy;
import com.playtcha.jakarta.core.Verification;
import com.playtcha.jakarta.core.VerificationResult;
import java.io.IOException;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Decides a guarded web request for one filter, the servlet filter and the Jakarta REST filter alike:
 * a result an earlier filter left ({@value DecisionAttributes#RESULT}) is decided again under this
 * {@link Policy}, else the request is verified ({@link PlaytchaVerifier#verify(String, String, String, Policy)});
 * the {@link DecisionAttributes} are set (none left over), the path loses its path parameters, and the
 * {@link WebDecision} says how to answer. Safe for concurrent use; logs nothing. See design/web.md.
 */
public final class WebGuard {

    /** A path parameter, {@code ;jsessionid=...}, up to the next segment. */
    private static final Pattern PATH_PARAMETER = Pattern.compile(";[^/]*");

    private final String name;
    private final Policy policy;
    private final Supplier<PlaytchaVerifier> verifier;

    /** {@code name}: the filter's, for its log lines; {@code verifier} is asked for only when a request is verified. */
    public WebGuard(String name, Policy policy, Supplier<PlaytchaVerifier> verifier) {
        this.name = Objects.requireNonNull(name, "name");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.verifier = Objects.requireNonNull(verifier, "verifier");
    }

    /** Decides {@code request}; throws when reading its token failed ({@link GuardedRequest#token()}). */
    public WebDecision decide(GuardedRequest request) throws IOException {
        return decide(request, false);
    }

    /**
     * {@link #decide(GuardedRequest)}; with {@code tokenRequired} (a login that {@link LoginPolicy} asks a
     * token of), a request that carries none is refused {@value LoginPolicy#TOKEN_REQUIRED} here, with the
     * status of {@code missing_token}: the verifier is not called, so nothing is counted or heard.
     */
    public WebDecision decide(GuardedRequest request, boolean tokenRequired) throws IOException {
        String path = path(request.rawPath());
        VerificationResult result;
        Decision decision;
        boolean spent;
        if (request.attribute(DecisionAttributes.RESULT) instanceof VerificationResult earlier) {
            result = earlier;
            decision = Decision.of(earlier, policy);
            // Held by the verifier once an earlier filter let it on, whatever this filter's policy says of it.
            spent = Boolean.TRUE.equals(request.attribute(DecisionAttributes.TOKEN_SPENT))
                    || Verification.tokenSpent(result, decision);
        } else {
            String token = request.token();
            Verification verification = tokenRequired && (token == null || token.isBlank()) ? null
                    : verifier.get().verify(token, request.clientAddress(), path, policy);
            result = verification == null ? LoginPolicy.REQUIRED : verification.result();
            decision = verification == null ? Decision.of(result, policy) : verification.decision();
            spent = verification != null && verification.tokenSpent();
            LedgerEntry entry = verification == null ? null : verification.ledgerEntry();
            request.attribute(DecisionAttributes.LEDGER_ID, entry == null ? null : entry.id());
            request.attribute(DecisionAttributes.HELD_LOCALLY, verification != null && verification.heldLocally());
        }
        publish(request, result, decision, spent);
        Rejection rejection = decision.proceeds() ? null : Rejection.of(result, decision, request.header("Accept"));
        return new WebDecision(result, decision, path, rejection, observeNote(result, decision, path), spent);
    }

    /** The request URI's path {@code raw} without path parameters ({@code ;jsessionid=...}). */
    public static String path(String raw) {
        return raw == null || raw.indexOf(';') < 0 ? raw : PATH_PARAMETER.matcher(raw).replaceAll("");
    }

    /** Every attribute but the ledger id, for {@code decision} on {@code result}. */
    private static void publish(GuardedRequest request, VerificationResult result, Decision decision, boolean spent) {
        request.attribute(DecisionAttributes.RESULT, result);
        request.attribute(DecisionAttributes.OUTCOME, result.outcome());
        request.attribute(DecisionAttributes.DEGRADED, result.degraded());
        request.attribute(DecisionAttributes.FAILED_OPEN, decision.failedOpen());
        request.attribute(DecisionAttributes.ERROR_CODE, result.errorCode());
        request.attribute(DecisionAttributes.REQUEST_ID, result.requestId());
        request.attribute(DecisionAttributes.TOKEN_SPENT, spent);
    }

    private String observeNote(VerificationResult result, Decision decision, String path) {
        if (!decision.proceeds() || decision.status() == 0) {
            return null;
        }
        return "Playtcha observe mode: enforce would answer " + decision.status() + " [filter=" + name + ", code="
                + result.errorCode() + ", request_id=" + result.requestId() + ", uri=" + path + "]";
    }

    @Override
    public String toString() {
        return "WebGuard[" + name + ", " + policy + "]";
    }
}
