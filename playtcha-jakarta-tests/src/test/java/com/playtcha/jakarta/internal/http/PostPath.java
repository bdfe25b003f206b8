package com.playtcha.jakarta.internal.http;

import com.playtcha.jakarta.core.FailMode;
import com.playtcha.jakarta.core.Mode;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.Policy;
import com.playtcha.jakarta.core.VerificationResult;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The transport's two live posts, for the tests that run over both: the blocking {@link HttpTransport#post}
 * and the non-blocking {@link HttpTransport#postAsync}, waited for (and a verifier's {@link #ask} each way).
 * Whatever one answers for an exchange, the other must.
 */
public enum PostPath {
    BLOCKING {
        @Override
        public VerificationResult post(HttpTransport transport, String token) {
            return transport.post(token, HttpTransport.Wait.LIVE);
        }

        @Override
        public VerificationResult ask(PlaytchaVerifier verifier, String token) {
            return verifier.ask(token);
        }
    },
    NON_BLOCKING {
        @Override
        public VerificationResult post(HttpTransport transport, String token) {
            return waited(transport.postAsync(token));
        }

        @Override
        public VerificationResult ask(PlaytchaVerifier verifier, String token) {
            return waited(verifier.verifyAsync(token, null, null, ASKED).toCompletableFuture()).result();
        }
    };

    /** What {@code stage} completes with, waited for 60 s at most; its exception as thrown when it fails. */
    public static <T> T waited(java.util.concurrent.CompletableFuture<T> stage) {
        try {
            return stage.get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("a non-blocking call did not complete in 60 s", e);
        }
    }

    /** What {@link #ask} decides under on the non-blocking path: failing closed, nothing is recorded. */
    public static final Policy ASKED = new Policy(Mode.ENFORCE, FailMode.CLOSED, 403);

    /** One live post of {@code token}, answered. */
    public abstract VerificationResult post(HttpTransport transport, String token);

    /**
     * What {@code PlaytchaVerifier.ask} answers, asked this path's way: on the non-blocking path, a verify without
     * a client address under a policy that fails closed ({@link #ASKED}), so that nothing is recorded, and its result.
     */
    public abstract VerificationResult ask(PlaytchaVerifier verifier, String token);
}
