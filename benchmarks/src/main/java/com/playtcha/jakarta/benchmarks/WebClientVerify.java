package com.playtcha.jakarta.benchmarks;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * A verify as a WebFlux team writes it by hand (as the reCAPTCHA starters for WebFlux do): Spring's
 * {@code WebClient} on Reactor Netty, the request a {@code Map} encoded by Jackson, the reply decoded to a
 * {@code Map} and its {@code success} read; a response timeout of the verifier's budget, and a connection pool
 * sized to the cell (Reactor Netty's default of twice the CPUs, at least 16, would throttle it). No breaker, no
 * budgets, no ledger: the least such a client does.
 */
final class WebClientVerify implements AutoCloseable {

    private final ConnectionProvider pool;
    private final WebClient client;
    private final URI verifyUrl;
    private final String secret;

    WebClientVerify(URI apiUrl, String secret, int connections) {
        this.verifyUrl = apiUrl.resolve("/v1/verify");
        this.secret = secret;
        pool = ConnectionProvider.builder("bench-webclient").maxConnections(connections).pendingAcquireMaxCount(-1).build();
        HttpClient http = HttpClient.create(pool).responseTimeout(Duration.ofSeconds(3));
        client = WebClient.builder().clientConnector(new ReactorClientHttpConnector(http)).build();
    }

    /** Whether Playtcha said {@code success}; {@code false} for anything else. */
    @SuppressWarnings("rawtypes")
    CompletableFuture<Boolean> verify(String token) {
        return client.post().uri(verifyUrl).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("secret", secret, "token", token))
                .retrieve()
                .bodyToMono(Map.class)
                .map(reply -> Boolean.TRUE.equals(reply.get("success")))
                .onErrorReturn(false)
                .toFuture();
    }

    @Override
    public void close() {
        pool.disposeLater().block(Duration.ofSeconds(10));
    }
}
