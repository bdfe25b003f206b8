package com.playtcha.jakarta.spring.security;

import com.playtcha.jakarta.core.PlaytchaListener;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.Policy;
import com.playtcha.jakarta.core.Verification;
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.spi.store.LoginFailures;
import com.playtcha.jakarta.spi.web.GuardedRequest;
import com.playtcha.jakarta.spi.web.LoginAnswer;
import com.playtcha.jakarta.spi.login.LoginAccount;
import com.playtcha.jakarta.spi.login.LoginPolicy;
import com.playtcha.jakarta.spi.web.WebGuard;
import com.playtcha.jakarta.spi.web.WebLogin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One decision of a reactive login's password check by the core's login policy ({@code WebLogin}, {@code LoginPolicy}),
 * whose token is verified without blocking. The policy asks for the verify in the middle of its decision, as a call that
 * answers; here the verify is the verifier's non-blocking one, so the decision is made in two passes. The
 * {@link #first} pass runs the policy up to the verify it asks for, if any, and stops there ({@link #asked()}: the
 * token, client, path and policy, failing closed where the policy says so); the caller verifies them with
 * {@code verifyAsync} and hands the {@link Verification} to the {@link #second} pass, which runs the policy again and
 * gets that verification from the verify it asks for. The second pass sees what the first saw (the same request,
 * attributes and memo: the policy publishes nothing before the verify), and the counts' admits the first pass made
 * before the verify are answered again, not made twice ({@link Replayed}): under {@code always} a login that may fail
 * open is counted in advance before its token is verified. Made for one decision, used by the one chain of signals that
 * makes it. This is the policy's own decision, not a second one: design/login-guard.md, 16.2.
 */
final class ExchangeDecision implements PlaytchaVerifier {

    private final PlaytchaVerifier verifier;
    private final Replayed counts;
    private final WebLogin login;
    private Asked asked;
    private Verification answer;

    /** A decision under {@code settings}, on {@code counts} ({@code null}: none), its token verified by {@code verifier}'s verify. */
    ExchangeDecision(PlaytchaSettings settings, LoginFailures counts, PlaytchaVerifier verifier) {
        this.verifier = verifier;
        this.counts = counts == null ? null : new Replayed(counts);
        this.login = new WebLogin(new LoginPolicy(settings, this.counts), new WebGuard("spring-security", Policy.of(settings), () -> this));
    }

    /** What the policy asked to verify when the first pass stopped. */
    record Asked(String token, String clientAddress, String path, Policy policy) {
    }

    /** The first pass: the answer, or {@code null} when the policy asked for a verify first ({@link #asked()}). */
    LoginAnswer first(GuardedRequest request, LoginAccount account, CharSequence password) {
        try {
            return decided(request, account, password);
        } catch (Stopped stopped) {
            return null;
        }
    }

    /** What the policy asked to verify in the first pass, or {@code null}. */
    Asked asked() {
        return asked;
    }

    /** The second pass, the verify the policy asks for answered {@code verified}. */
    LoginAnswer second(GuardedRequest request, LoginAccount account, CharSequence password, Verification verified) {
        answer = verified;
        if (counts != null) {
            counts.replaying = true;
        }
        return decided(request, account, password);
    }

    private LoginAnswer decided(GuardedRequest request, LoginAccount account, CharSequence password) {
        try {
            return login.decideCheck(request, account, password);
        } catch (IOException unread) { // the token was read before: nothing reads here
            throw new UncheckedIOException(unread);
        }
    }

    /** The policy's verify: answered in the second pass, stopping the first. */
    @Override
    public Verification verify(String token, String clientAddress, String path, Policy policy) {
        if (answer != null) {
            return answer;
        }
        asked = new Asked(token, clientAddress, path, policy);
        throw new Stopped();
    }

    @Override
    public Policy policy() {
        return verifier.policy();
    }

    @Override
    public VerificationResult ask(String token) {
        return verifier.ask(token);
    }

    @Override
    public void addListener(PlaytchaListener listener) {
        throw new UnsupportedOperationException("a login decision's verifier takes no listener");
    }

    @Override
    public boolean removeListener(PlaytchaListener listener) {
        return false;
    }

    @Override
    public void close() {
        // the application's verifier is not ours to close
    }

    /** The first pass's stop at the verify: no stack, never seen outside. */
    private static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stopped() {
            super(null, null, false, false);
        }
    }

    /** The counts, whose admits of the first pass the second pass is answered again. */
    private static final class Replayed implements LoginFailures {
        private final LoginFailures counts;
        private final List<Boolean> admits = new ArrayList<>(2);
        private boolean replaying;
        private int replayed;

        Replayed(LoginFailures counts) {
            this.counts = counts;
        }

        @Override
        public boolean admit(byte[] account, String clientAddress) {
            if (replaying && replayed < admits.size()) {
                return admits.get(replayed++);
            }
            boolean admitted = counts.admit(account, clientAddress);
            if (!replaying) {
                admits.add(admitted);
            }
            return admitted;
        }

        @Override
        public boolean needsToken(byte[] account, String clientAddress) {
            return counts.needsToken(account, clientAddress);
        }

        @Override
        public void admitted(byte[] account, String clientAddress, boolean accepted) {
            counts.admitted(account, clientAddress, accepted);
        }

        @Override
        public void failed(byte[] account, String clientAddress) {
            counts.failed(account, clientAddress);
        }

        @Override
        public void succeeded(byte[] account) {
            counts.succeeded(account);
        }
    }
}
