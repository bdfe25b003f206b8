package com.playtcha.jakarta.internal.verifier;

import com.playtcha.jakarta.core.FailMode;
import com.playtcha.jakarta.core.Mode;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.Policy;
import com.playtcha.jakarta.core.Verification;
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.internal.http.PostPath;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The two ways to the one decision, for the tests that run over both: the blocking {@code verify}, and the
 * non-blocking {@code verifyAsync} waited for. {@link #ask} is what {@code PlaytchaVerifier.ask} answers,
 * asked the path's way: on the non-blocking path, a verify without a client address under a policy that
 * fails closed, so that nothing is recorded, and its result.
 */
enum VerifyPath {
    BLOCKING(PostPath.BLOCKING) {
        @Override
        Verification verify(PlaytchaVerifier verifier, String token, String clientAddress, String path, Policy policy) {
            return verifier.verify(token, clientAddress, path, policy);
        }

        @Override
        VerificationResult ask(PlaytchaVerifier verifier, String token) {
            return verifier.ask(token);
        }
    },
    NON_BLOCKING(PostPath.NON_BLOCKING) {
        @Override
        Verification verify(PlaytchaVerifier verifier, String token, String clientAddress, String path, Policy policy) {
            try {
                return verifier.verifyAsync(token, clientAddress, path, policy).toCompletableFuture().get(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            } catch (TimeoutException e) {
                throw new AssertionError("the non-blocking verify did not complete in 60 s", e);
            }
        }

        @Override
        VerificationResult ask(PlaytchaVerifier verifier, String token) {
            return verify(verifier, token, null, null, ASKED).result();
        }
    };

    /** What {@link #ask} decides under on the non-blocking path: failing closed, nothing is recorded. */
    static final Policy ASKED = new Policy(Mode.ENFORCE, FailMode.CLOSED, 403);

    /** The transport's post the same way. */
    final PostPath post;

    VerifyPath(PostPath post) {
        this.post = post;
    }

    abstract Verification verify(PlaytchaVerifier verifier, String token, String clientAddress, String path, Policy policy);

    abstract VerificationResult ask(PlaytchaVerifier verifier, String token);
}
