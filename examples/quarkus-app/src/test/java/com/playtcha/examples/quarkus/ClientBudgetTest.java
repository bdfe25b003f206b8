package com.playtcha.examples.quarkus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.testing.quarkus.PlaytchaSimulatorResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The client's address reaches the verifier in Quarkus, so each client spends its own verify budget
 * (application.properties gives tests a burst of 10 and almost no refill). This test posts from
 * 127.0.0.9, a visitor of its own on Linux's loopback, where the other tests post from 127.0.0.1.
 */
@QuarkusTest
@QuarkusTestResource(PlaytchaSimulatorResource.class)
class ClientBudgetTest {

    private static final String VISITOR = "127.0.0.9";

    @TestHTTPResource("/reactive/comment")
    URL comment;

    @Inject
    VerifyThreads verifies;

    @Test
    void oneClient_spendsItsBudget_andIsRefused429_others_areNot() throws IOException {
        int status = 0;
        int posts = 0;
        while (status != 429 && posts < 50) {
            status = postFrom(VISITOR, "text=hi&playtcha-token=unknown-token-" + posts);
            posts++;
        }
        assertEquals(429, status, "no client_rate_limited after " + posts + " posts");
        assertTrue(posts > 10, "refused after " + posts + " posts, within the burst");
        assertTrue(verifies.seen().stream().anyMatch(s -> VISITOR.equals(s.remoteAddress())), verifies.seen()::toString);
        assertEquals(403, postFrom("127.0.0.10", "text=hi&playtcha-token=unknown-token"), "another client has its own budget");
    }

    /** The status of a form post sent from {@code source}, over a socket bound to it. */
    private int postFrom(String source, String form) throws IOException {
        byte[] body = form.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket()) {
            socket.setSoTimeout(20_000);
            socket.bind(new InetSocketAddress(source, 0));
            socket.connect(new InetSocketAddress(comment.getHost(), comment.getPort()), 5_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + comment.getPath() + " HTTP/1.1\r\nHost: " + comment.getHost() + "\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + body.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            String statusLine = new String(in.readNBytes(12), StandardCharsets.US_ASCII); // "HTTP/1.1 429"
            return Integer.parseInt(statusLine.substring(9, 12));
        }
    }
}
