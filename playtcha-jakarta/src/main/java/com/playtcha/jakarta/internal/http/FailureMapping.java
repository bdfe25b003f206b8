package com.playtcha.jakarta.internal.http;

import com.playtcha.jakarta.core.VerificationResult;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import org.apache.hc.client5.http.ClientProtocolException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.apache.hc.core5.http.MalformedChunkCodingException;
import org.apache.hc.core5.http.MessageConstraintException;
import org.apache.hc.core5.http.ProtocolException;
import org.apache.hc.core5.util.DeadlineTimeoutException;

/**
 * Turns a post that got no readable reply into an unavailable result: of source {@code POOL} for
 * our own load ({@code overloaded}, {@code stalled}), {@code NETWORK} for the rest. The message names the exception, never the
 * request (which holds the secret). Which failure is which code ({@code overloaded}, {@code stalled}, {@code timeout},
 * {@code bad_response}, {@code network_error}, {@code proxy_auth_failed}) is docs/behaviour.md's
 * decision table; the head's limits are {@link HttpTransport#MAX_HEADER_LINES} and
 * {@link HttpTransport#MAX_HEADER_LINE}.
 */
final class FailureMapping {

    /** 407: only a proxy asks for this; Playtcha never does. */
    static final int PROXY_AUTHENTICATION_REQUIRED = 407;

    private FailureMapping() {
    }

    /**
     * A proxy answered instead of Playtcha: a 407, wherever it came from (no or wrong proxy
     * credentials: {@code proxy_auth_failed}), or any refusal of the CONNECT tunnel
     * ({@code network_error}, naming the proxy's status). Unavailable either way, {@code httpStatus} 0.
     */
    static VerificationResult.Unavailable proxyRefused(int status) {
        if (status == PROXY_AUTHENTICATION_REQUIRED) {
            return network(VerificationResult.PROXY_AUTH_FAILED, "the proxy answered 407: it "
                    + "refused playtcha.proxy.user and playtcha.proxy.password, or wants them and none are set; "
                    + "Playtcha was not called");
        }
        return network(VerificationResult.NETWORK_ERROR, "the proxy refused the tunnel to "
                + "Playtcha (CONNECT answered " + status + "); Playtcha was not called");
    }

    /** A virtual caller's exchange that no platform thread started within its lease wait: nothing was sent. */
    static final VerificationResult.Unavailable STARTED_LATE = VerificationResult.Unavailable.unanswered(
            VerificationResult.Source.POOL, VerificationResult.STALLED, "this node's threads did not start the exchange "
                    + "within lease-timeout (its own load, not Playtcha's); Playtcha was not called");

    static VerificationResult.Unavailable map(Exception e, boolean deadlinePassed) {
        String what = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        // The pool says "no connection in time" two ways: its own exception when the wait times out,
        // or a lease that failed with its deadline passed (under contention, STRICT pool).
        if (e instanceof ConnectionRequestTimeoutException || e instanceof DeadlineTimeoutException
                || e.getCause() instanceof DeadlineTimeoutException) {
            return VerificationResult.Unavailable.unanswered(VerificationResult.Source.POOL, VerificationResult.OVERLOADED,
                    "every pooled connection stayed busy for lease-timeout; Playtcha was not called (" + what + ")");
        }
        if (e instanceof IllegalStateException && !deadlinePassed) {
            // Nothing of ours cancelled it: HttpClient's own state failed under this node's load, not Playtcha.
            return VerificationResult.Unavailable.unanswered(VerificationResult.Source.POOL, VerificationResult.STALLED,
                    "the HTTP client failed in its own state before the deadline (its own load, not Playtcha's; " + what + ")");
        }
        if (deadlinePassed || e instanceof SocketTimeoutException || e instanceof ConnectTimeoutException
                || e instanceof InterruptedIOException) {
            return network(VerificationResult.TIMEOUT, "no reply within the verify budget (" + what + ")");
        }
        // ProtocolException: the non-blocking client's word for a reply head it cannot take (the blocking one wraps it).
        if (e instanceof ClientProtocolException || e instanceof ProtocolException || e instanceof MessageConstraintException
                || e instanceof MalformedChunkCodingException || e instanceof ConnectionClosedException) {
            return network(VerificationResult.BAD_RESPONSE, "the reply is not valid HTTP (" + what + ")");
        }
        return network(VerificationResult.NETWORK_ERROR, what);
    }

    private static VerificationResult.Unavailable network(String code, String message) {
        return VerificationResult.Unavailable.unanswered(VerificationResult.Source.NETWORK, code, message);
    }
}
