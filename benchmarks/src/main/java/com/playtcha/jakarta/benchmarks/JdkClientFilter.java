package com.playtcha.jakarta.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Variant C: the minimal example in Java, one shared JDK {@link HttpClient} and a per-request
 * timeout. HTTP/1.1 is pinned, as it would be against a plain-http endpoint (the default would
 * offer an h2c upgrade on each new connection).
 */
final class JdkClientFilter extends HandWrittenFilter {

    private static final long serialVersionUID = 1L;

    private final transient HttpClient client;

    JdkClientFilter(String secret, URI verifyUrl, Duration timeout) {
        super(secret, verifyUrl, timeout);
        client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .build();
    }

    @Override
    Reply post(String json) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(verifyUrl)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.body());
    }
}
