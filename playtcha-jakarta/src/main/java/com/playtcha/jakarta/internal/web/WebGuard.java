package com.playtcha.jakarta.internal.web;

import com.playtcha.jakarta.core.Decision;
import com.playtcha.jakarta.core.DecisionAttributes;
import com.playtcha.jakarta.core.LedgerEntry;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.Policy;
import com.playtcha.jakarta.core.Verification;
import com.playtcha.jakarta.core.VerificationResult;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Decides a guarded web request for one filter, the servlet filter and the Jakarta REST filter alike:
 * the {@link Verification} an earlier guard left on the request is decided again under this
 * {@link Policy}, else the request is verified ({@link PlaytchaVerifier#verify(String, String, String, Policy)});
 * the {@link DecisionAttributes} are read from the {@link WebDecision} in one place (none left over),
 * the path loses its path parameters, and the decision says how to answer. Safe for concurrent use;
 * logs nothing. See design/web.md.
 */
public final class WebGuard {

    /**
     * Request attribute: the {@link Verification} the request was decided on, which a guard it passes
     * next (a second filter, a forward) decides again under its own policy instead of verifying again.
     */
    static final String VERIFICATION = "com.playtcha.internal.verification";
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
        Verification verification;
        Decision decision;
        if (request.attribute(VERIFICATION) instanceof Verification earlier) {
            verification = earlier;
            decision = Decision.of(earlier.result(), policy);
        } else {
            String token = request.token();
            verification = tokenRequired && (token == null || token.isBlank())
                    ? new Verification(LoginPolicy.REQUIRED, Decision.of(LoginPolicy.REQUIRED, policy), null, Duration.ZERO)
                    : verifier.get().verify(token, request.clientAddress(), path, policy);
            decision = verification.decision();
        }
        VerificationResult result = verification.result();
        WebDecision decided = new WebDecision(verification, decision, path,
                decision.proceeds() ? null : Rejection.of(result, decision, request.header("Accept")),
                observeNote(result, decision, path));
        publish(request, decided);
        return decided;
    }

    /** The request URI's path {@code raw} without path parameters ({@code ;jsessionid=...}). */
    public static String path(String raw) {
        return raw == null || raw.indexOf(';') < 0 ? raw : PATH_PARAMETER.matcher(raw).replaceAll("");
    }

    /** The attributes, each read from {@code decided} and set or removed here alone: none left over. */
    private static void publish(GuardedRequest request, WebDecision decided) {
        VerificationResult result = decided.result();
        LedgerEntry entry = decided.verification().ledgerEntry();
        request.attribute(VERIFICATION, decided.verification());
        request.attribute(DecisionAttributes.RESULT, result);
        request.attribute(DecisionAttributes.OUTCOME, result.outcome());
        request.attribute(DecisionAttributes.DEGRADED, result.degraded());
        request.attribute(DecisionAttributes.FAILED_OPEN, decided.decision().failedOpen());
        request.attribute(DecisionAttributes.ERROR_CODE, result.errorCode());
        request.attribute(DecisionAttributes.REQUEST_ID, result.requestId());
        request.attribute(DecisionAttributes.LEDGER_ID, entry == null ? null : entry.id());
        request.attribute(DecisionAttributes.HELD_LOCALLY, decided.verification().heldLocally());
        request.attribute(DecisionAttributes.TOKEN_SPENT, decided.tokenSpent());
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
