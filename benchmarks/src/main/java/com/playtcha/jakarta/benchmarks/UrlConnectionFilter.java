package com.playtcha.jakarta.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Variant D: what many applications ship, an {@link HttpURLConnection} per verify that asks for
 * {@code Connection: close}, so every verify opens and closes a TCP connection.
 */
final class UrlConnectionFilter extends HandWrittenFilter {

    private static final long serialVersionUID = 1L;

    UrlConnectionFilter(String secret, URI verifyUrl, Duration timeout) {
        super(secret, verifyUrl, timeout);
    }

    @Override
    Reply post(String json) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) verifyUrl.toURL().openConnection();
        try {
            connection.setConnectTimeout((int) timeout.toMillis());
            connection.setReadTimeout((int) timeout.toMillis());
            connection.setRequestMethod("POST");
            connection.setDoOutput(true);
            connection.setRequestProperty("Content-Type", "application/json");
            connection.setRequestProperty("Connection", "close");
            try (OutputStream out = connection.getOutputStream()) {
                out.write(json.getBytes(StandardCharsets.UTF_8));
            }
            int status = connection.getResponseCode();
            InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new Reply(status, body);
        } finally {
            connection.disconnect();
        }
    }
}
