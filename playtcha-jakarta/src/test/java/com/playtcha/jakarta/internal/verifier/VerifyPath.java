package com.playtcha.jakarta.internal.verifier;

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
 * non-blocking {@code verifyAsync} waited for; {@link #ask} and {@link #post} are {@link PostPath}'s.
 */
enum VerifyPath {
    BLOCKING(PostPath.BLOCKING) {
        @Override
        Verification verify(PlaytchaVerifier verifier, String token, String clientAddress, String path, Policy policy) {
            return verifier.verify(token, clientAddress, path, policy);
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
    };

    /** The transport's post the same way. */
    final PostPath post;

    VerifyPath(PostPath post) {
        this.post = post;
    }

    abstract Verification verify(PlaytchaVerifier verifier, String token, String clientAddress, String path, Policy policy);

    /** Under the verifier's own policy. */
    Verification verify(PlaytchaVerifier verifier, String token, String clientAddress, String path) {
        return verify(verifier, token, clientAddress, path, verifier.policy());
    }

    /** {@link PostPath#ask}. */
    VerificationResult ask(PlaytchaVerifier verifier, String token) {
        return post.ask(verifier, token);
    }
}
