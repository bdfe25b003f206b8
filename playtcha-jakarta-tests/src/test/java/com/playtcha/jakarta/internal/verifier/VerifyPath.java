package com.playtcha.jakarta.internal.verifier;

import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.Policy;
import com.playtcha.jakarta.core.Verification;
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.internal.http.PostPath;

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
            return PostPath.waited(verifier.verifyAsync(token, clientAddress, path, policy).toCompletableFuture());
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
