package com.playtcha.jakarta.internal.http;

import com.playtcha.jakarta.core.VerificationResult;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The transport's two live posts, for the tests that run over both: the blocking {@link HttpTransport#post}
 * and the non-blocking {@link HttpTransport#postAsync}, waited for. Whatever one answers for an exchange, the
 * other must.
 */
public enum PostPath {
    BLOCKING {
        @Override
        public VerificationResult post(HttpTransport transport, String token) {
            return transport.post(token, HttpTransport.Wait.LIVE);
        }
    },
    NON_BLOCKING {
        @Override
        public VerificationResult post(HttpTransport transport, String token) {
            try {
                return transport.postAsync(token).get(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (ExecutionException e) {
                throw new AssertionError("a non-blocking post completed exceptionally", e.getCause());
            } catch (TimeoutException e) {
                throw new AssertionError("a non-blocking post did not complete in 60 s", e);
            }
        }
    };

    /** One live post of {@code token}, answered. */
    public abstract VerificationResult post(HttpTransport transport, String token);
}
