package com.playtcha.jakarta.internal.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketException;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.client5.http.classic.ExecRuntime;
import org.apache.hc.client5.http.impl.DefaultAuthenticationStrategy;
import org.apache.hc.client5.http.impl.DefaultSchemePortResolver;
import org.apache.hc.client5.http.impl.classic.ProtocolExec;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.io.EofSensorInputStream;
import org.apache.hc.core5.http.io.EofSensorWatcher;
import org.apache.hc.core5.http.io.entity.HttpEntityWrapper;
import org.apache.hc.core5.net.URIAuthority;

/**
 * The protocol step of the transport's client (HttpClient's {@code ChainElement.PROTOCOL}): HttpClient's
 * own {@link ProtocolExec} on a route through a proxy, and on a direct route only what that step does
 * there for a client with no credentials for Playtcha's host: pass the request on, and hand the
 * connection back to the pool once the reply's body is read.
 *
 * <p>Why: {@code ProtocolExec} prepares authentication on every exchange, and on a direct route that
 * is all it would do. It parses the request's path into a {@code URIBuilder} for the path prefix of
 * an authentication scope (percent-decoding and re-encoding each segment), and makes the context's
 * map of authentication exchanges: over 1 KB per post, for answers to 401 and 407 challenges that
 * a direct route never sends, since our credentials are the configured proxy's alone and a
 * configured proxy makes every route go through it ({@link Egress}). The request and what comes back
 * are the same either way; the steps after this one (connect, the {@code playtcha-reached} check,
 * the exchange itself) run as before.
 */
final class DirectRouteProtocol implements ExecChainHandler {

    /** As {@code HttpClientBuilder} builds it, authentication caching off as the transport sets it. */
    private final ExecChainHandler protocol = new ProtocolExec(DefaultAuthenticationStrategy.INSTANCE,
            DefaultAuthenticationStrategy.INSTANCE, DefaultSchemePortResolver.INSTANCE, true);

    @Override
    public ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
            throws IOException, HttpException {
        URIAuthority authority = request.getAuthority();
        if (scope.route.getProxyHost() != null || request.getScheme() == null || authority == null
                || authority.getUserInfo() != null) {
            return protocol.execute(request, scope, chain); // its checks, its messages, its proxy authentication
        }
        ExecRuntime runtime = scope.execRuntime;
        try {
            ClassicHttpResponse response = chain.proceed(request, scope);
            HttpEntity entity = response.getEntity();
            if (entity != null && entity.isStreaming()) {
                response.setEntity(new ReleasingEntity(entity, runtime));
            }
            return response;
        } catch (HttpException | IOException | RuntimeException e) {
            runtime.discardEndpoint();
            throw e;
        }
    }

    /**
     * A reply's body that returns its connection to the pool when read to its end or closed, and drops
     * it when the read fails or is aborted: what HttpClient's package-private {@code ResponseEntityProxy}
     * does after {@code ProtocolExec}.
     */
    static final class ReleasingEntity extends HttpEntityWrapper implements EofSensorWatcher {

        private final ExecRuntime runtime;

        ReleasingEntity(HttpEntity entity, ExecRuntime runtime) {
            super(entity);
            this.runtime = runtime;
        }

        @Override
        public boolean isRepeatable() {
            return false;
        }

        @Override
        public InputStream getContent() throws IOException {
            return new EofSensorInputStream(super.getContent(), this);
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            thenRelease(() -> super.writeTo(out != null ? out : OutputStream.nullOutputStream()));
        }

        @Override
        public boolean eofDetected(InputStream wrapped) throws IOException {
            return closed(wrapped, true);
        }

        /** Closing the stream reads the rest of the body, so the connection can still be reused. */
        @Override
        public boolean streamClosed(InputStream wrapped) throws IOException {
            return closed(wrapped, runtime.isEndpointAcquired());
        }

        @Override
        public boolean streamAbort(InputStream wrapped) throws IOException {
            cleanup();
            return false;
        }

        @Override
        public void close() throws IOException {
            thenRelease(super::close);
        }

        /** Reads or drops the body by {@code step}, then hands the connection back; drops it when the step fails. */
        private void thenRelease(BodyStep step) throws IOException {
            try {
                step.run();
                runtime.releaseEndpoint();
            } catch (IOException | RuntimeException e) {
                runtime.discardEndpoint();
                throw e;
            } finally {
                cleanup();
            }
        }

        private interface BodyStep {
            void run() throws IOException;
        }

        /**
         * @param socketErrors whether a socket error closing the stream fails the read: always at the
         *                     body's end, and on a close only while the connection was still ours
         */
        private boolean closed(InputStream wrapped, boolean socketErrors) throws IOException {
            try {
                try {
                    if (wrapped != null) {
                        wrapped.close(); // reads what follows the body: a chunked reply's trailers
                    }
                    runtime.releaseEndpoint();
                } catch (SocketException e) {
                    if (socketErrors) {
                        throw e;
                    }
                }
            } catch (IOException | RuntimeException e) {
                runtime.discardEndpoint();
                throw e;
            } finally {
                cleanup();
            }
            return false;
        }

        /** Whatever is left of the connection goes: released above, this does nothing. */
        private void cleanup() throws IOException {
            if (runtime.isEndpointConnected()) {
                runtime.disconnectEndpoint();
            }
            runtime.discardEndpoint();
        }
    }
}
