package com.playtcha.jakarta.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.Timeout;

/**
 * The bare client under {@code verifyAsync}: a verify written by hand on one pooled HttpClient 5 async client, as its
 * quick start shows one (a {@code SimpleHttpRequest} with a small JSON string for its body, a
 * {@code FutureCallback}, the reply read whole as a {@code SimpleHttpResponse}), its body checked for
 * {@code "success":true} as {@link RawSocketVerify} checks it. HTTP/1.1 only, TCP_NODELAY, a response timeout of
 * the verifier's budget, a pool sized to the cell and the client's default I/O threads (one per CPU). No deadline
 * of its own, no bulkhead, no name lookup beforehand, no JSON parsing: what is left of a verify on this client
 * is the client's own cost, so the gap between it and {@code verifyAsync} is the library's.
 */
final class HttpClient5AsyncVerify implements AutoCloseable {

    private final CloseableHttpAsyncClient client;
    private final URI verifyUrl;
    private final String secret;

    HttpClient5AsyncVerify(URI apiUrl, String secret, int connections) {
        this.verifyUrl = apiUrl.resolve("/v1/verify");
        this.secret = secret;
        client = HttpAsyncClients.custom()
                .setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(connections)
                        .setMaxConnPerRoute(connections)
                        .setDefaultTlsConfig(TlsConfig.custom().setVersionPolicy(HttpVersionPolicy.FORCE_HTTP_1).build())
                        .build())
                .setIOReactorConfig(IOReactorConfig.custom().setTcpNoDelay(true).build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(Timeout.ofSeconds(3)).build())
                .build();
        client.start();
    }

    /** Whether Playtcha said {@code success}; {@code false} for anything else. */
    CompletableFuture<Boolean> verify(String token) {
        SimpleHttpRequest request = SimpleRequestBuilder.post(verifyUrl)
                .setBody("{\"secret\":\"" + secret + "\",\"token\":\"" + token + "\"}", ContentType.APPLICATION_JSON)
                .build();
        CompletableFuture<Boolean> answer = new CompletableFuture<>();
        client.execute(request, new FutureCallback<SimpleHttpResponse>() {
            @Override
            public void completed(SimpleHttpResponse reply) {
                answer.complete(reply.getCode() == 200 && reply.getBodyText().contains("\"success\":true"));
            }

            @Override
            public void failed(Exception e) {
                answer.complete(false);
            }

            @Override
            public void cancelled() {
                answer.complete(false);
            }
        });
        return answer;
    }

    @Override
    public void close() throws IOException {
        client.close(CloseMode.GRACEFUL);
    }
}
