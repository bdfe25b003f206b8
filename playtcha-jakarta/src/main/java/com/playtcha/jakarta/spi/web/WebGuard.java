package com.playtcha.jakarta.spi.web;

import com.playtcha.jakarta.core.Decision;
import com.playtcha.jakarta.core.DecisionAttributes;
import com.playtcha.jakarta.core.FailMode;
import com.playtcha.jakarta.core.LedgerEntry;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.Policy;
import com.playtcha.jakarta.core.Verification;
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.spi.login.LoginPolicy;
import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * SPI: decides a guarded web request for one filter or login door, the library's and other jars' alike:
 * the {@link Verification} an earlier guard left on the request is decided again under this
 * {@link Policy}, else the request is verified ({@link PlaytchaVerifier#verify(String, String, String, Policy)});
 * the {@link DecisionAttributes} are read from the verification and this guard's decision of it in one
 * place (none left over), the path loses its path parameters, and the {@link WebDecision} says how to
 * answer (a login's verify builds none: its answer is a {@link LoginAnswer}). Safe for concurrent use; logs
 * nothing. See design/web.md.
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
        LoginPolicy.Verified decided = earlier(request, false);
        if (decided == null) {
            decided = verify(request, request.token(), false);
        }
        return decision(request, decided);
    }

    /**
     * {@link #decide} through the verifier's non-blocking verify ({@link PlaytchaVerifier#verifyAsync(String, String,
     * String, Policy)}), for a filter that must not block its thread: {@code request}'s token must be read already (its
     * {@link GuardedRequest#token()} must not wait). The attributes are published, and the stage completes, on the
     * thread that ended the verify.
     */
    public CompletionStage<WebDecision> decideAsync(GuardedRequest request) throws IOException {
        LoginPolicy.Verified earlier = earlier(request, false);
        if (earlier != null) {
            return CompletableFuture.completedFuture(decision(request, earlier));
        }
        return verifier.get().verifyAsync(request.token(), request.clientAddress(), path(request.rawPath()), policy)
                .thenApply(verification -> decision(request, published(request, verification)));
    }

    private WebDecision decision(GuardedRequest request, LoginPolicy.Verified decided) {
        String path = path(request.rawPath());
        VerificationResult result = decided.verification().result();
        Decision decision = decided.decision();
        return new WebDecision(decided.verification(), decision, path,
                decision.proceeds() ? null : Rejection.of(result, decision, request.header("Accept")),
                observeNote(result, decision, path));
    }

    /**
     * The {@link Verification} an earlier guard left on {@code request} decided again under this guard's
     * policy, failing closed when {@code failClosed} ({@link #failingClosed}), its attributes published;
     * {@code null} when there is none (nothing is then read or set). For a login, whose answer
     * is a {@link LoginAnswer}: nothing of a {@link WebDecision} is built.
     */
    LoginPolicy.Verified earlier(GuardedRequest request, boolean failClosed) {
        if (!(request.attribute(VERIFICATION) instanceof Verification earlier)) {
            return null;
        }
        return published(request, new LoginPolicy.Verified(earlier, Decision.of(earlier.result(), failClosed ? failingClosed() : policy)));
    }

    /**
     * {@code token} (the request's, read by the caller) verified under this guard's policy, failing closed
     * when {@code failClosed} ({@link #failingClosed}): a login that must not go on without a verdict. The
     * one call decides it so, and then nothing fails open and nothing is written to the fail-open ledger.
     * Its attributes are published; as {@link #earlier}, nothing of a {@link WebDecision} is built.
     */
    LoginPolicy.Verified verify(GuardedRequest request, String token, boolean failClosed) {
        Post post = post(request, token, failClosed);
        return published(request, verifier.get().verify(post.token(), post.clientAddress(), post.path(), post.policy()));
    }

    /** What a login's verify posts: the verifier's arguments for {@code token}, under this policy failing closed when asked. */
    public record Post(String token, String clientAddress, String path, Policy policy) {
    }

    /** The {@link Post} of {@code request}'s {@code token}, as {@link #verify} makes it. */
    Post post(GuardedRequest request, String token, boolean failClosed) {
        return new Post(token, request.clientAddress(), path(request.rawPath()), failClosed ? failingClosed() : policy);
    }

    /** {@code verification} of a login's {@link Post}, its attributes published on {@code request}. */
    static LoginPolicy.Verified published(GuardedRequest request, Verification verification) {
        return published(request, new LoginPolicy.Verified(verification, verification.decision()));
    }

    /** This guard's policy with {@link FailMode#CLOSED}: its mode (observe still blocks nothing) and reject status kept. */
    private Policy failingClosed() {
        return new Policy(policy.mode(), FailMode.CLOSED, policy.rejectStatus());
    }

    private static LoginPolicy.Verified published(GuardedRequest request, LoginPolicy.Verified decided) {
        Verification verification = decided.verification();
        request.attribute(VERIFICATION, verification);
        publish(request, verification.result(), decided.decision(), verification.ledgerEntry(), verification.heldLocally(),
                verification.tokenSpent(decided.decision()));
        return decided;
    }

    /** The request URI's path {@code raw} without path parameters ({@code ;jsessionid=...}). */
    public static String path(String raw) {
        return raw == null || raw.indexOf(';') < 0 ? raw : PATH_PARAMETER.matcher(raw).replaceAll("");
    }

    /**
     * The attributes of a request decided without a verification of its own: a login that needs a token and carries none
     * ({@code result}, under {@code decision}); {@code tokenSpent}: its token went to another of its checks.
     */
    public void publish(GuardedRequest request, VerificationResult result, Decision decision, boolean tokenSpent) {
        publish(request, result, decision, null, false, tokenSpent);
    }

    /** The attributes, each set or removed here alone: none left over. */
    private static void publish(GuardedRequest request, VerificationResult result, Decision decision, LedgerEntry entry,
            boolean heldLocally, boolean tokenSpent) {
        request.attribute(DecisionAttributes.RESULT, result);
        request.attribute(DecisionAttributes.OUTCOME, result.outcome());
        request.attribute(DecisionAttributes.DEGRADED, result.degraded());
        request.attribute(DecisionAttributes.FAILED_OPEN, decision.failedOpen());
        request.attribute(DecisionAttributes.ERROR_CODE, result.errorCode());
        request.attribute(DecisionAttributes.REQUEST_ID, result.requestId());
        request.attribute(DecisionAttributes.LEDGER_ID, entry == null ? null : entry.id());
        request.attribute(DecisionAttributes.HELD_LOCALLY, heldLocally);
        request.attribute(DecisionAttributes.TOKEN_SPENT, tokenSpent);
    }

    /** The note of a request that observe mode lets through where enforce would block it, or {@code null}. */
    public ObserveNote observeNote(VerificationResult result, Decision decision, String path) {
        if (!decision.proceeds() || decision.status() == 0) {
            return null;
        }
        return new ObserveNote(name, decision.status(), result.errorCode(), result.requestId(), path);
    }

    @Override
    public String toString() {
        return "WebGuard[" + name + ", " + policy + "]";
    }
}
