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
 * Decides a guarded web request for one filter, the same way for the servlet filter and the Jakarta
 * REST filter. A filter that has seen a request it guards hands it over as a {@link GuardedRequest}
 * and carries out the {@link WebDecision} it gets back (logs its observe note, answers its rejection).
 *
 * <p>What {@link #decide} does:
 * <ol>
 *   <li><b>Verified once per request.</b> A result an earlier filter left on the request
 *       ({@value DecisionAttributes#RESULT}) is decided again under this guard's {@link Policy}:
 *       nothing is verified, recorded or heard again, and the token is not looked for. Otherwise the
 *       request goes to {@link PlaytchaVerifier#verify(String, String, String, Policy)}.</li>
 *   <li><b>The attributes</b> of {@link DecisionAttributes} describe this guard's decision: one
 *       without a value is removed, never left over. The ledger id belongs to the request's first
 *       decision: written (or removed) when this guard verified, kept when it reused.</li>
 *   <li><b>The path</b> is the request URI's raw path without path parameters: a
 *       {@code ;jsessionid=...} must reach neither the ledger, nor the listeners, nor the logs.</li>
 *   <li><b>The answer.</b> A blocked request gets its {@link Rejection}; one that observe mode lets
 *       through gets an {@link WebDecision#observeNote() observe note}.</li>
 * </ol>
 * Safe for concurrent use. It logs nothing itself: the filters write its observe notes with their
 * own loggers, whose names the logging guide lists.
 */
public final class WebGuard {

    /** A path parameter, {@code ;jsessionid=...}, up to the next segment. */
    private static final Pattern PATH_PARAMETER = Pattern.compile(";[^/]*");

    private final String name;
    private final Policy policy;
    private final Supplier<PlaytchaVerifier> verifier;

    /**
     * @param name     the filter's name, for its log lines (a servlet filter's name)
     * @param policy   the filter's mode, fail mode and reject status
     * @param verifier the verifier, asked for only when a request is verified (the REST filter finds
     *                 the application's on its first guarded request)
     */
    public WebGuard(String name, Policy policy, Supplier<PlaytchaVerifier> verifier) {
        this.name = Objects.requireNonNull(name, "name");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.verifier = Objects.requireNonNull(verifier, "verifier");
    }

    /**
     * Decides {@code request}: reuses or verifies, publishes the attributes on it, and says how to
     * answer (see the class documentation).
     *
     * @throws IOException when reading the request's token failed ({@link GuardedRequest#token()})
     */
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
