package com.playtcha.jakarta.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.TestSettings;
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.spi.store.VerifierClock;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The transport's requests as they cross the wire, read by a bare socket rather than an HTTP server
 * that would forgive a missing header: the same headers in the same order on every post, the
 * {@code Host} the URL names (an IPv6 literal in brackets), one connection for consecutive posts whether the reply had a
 * {@code Content-Length}, came chunked with a trailer or had no body, and no connection left leased.
 * A direct route runs through HttpClient's minimal client; this is what it must do as the full
 * client does.
 */
class TransportWireTest {

    private static final List<String> HEADERS = List.of("Accept", "User-Agent", "Content-Length", "Content-Type", "Host",
            "Connection");
    private static final String VERIFIED = "{\"success\":true,\"request_id\":\"req_wire\"}";

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> loopbacksOnBothPaths() {
        return java.util.stream.Stream.of(PostPath.values()).flatMap(path -> java.util.stream.Stream.of("127.0.0.1", "::1")
                .map(loopback -> org.junit.jupiter.params.provider.Arguments.of(loopback, path)));
    }

    @ParameterizedTest(name = "{0}, {1}")
    @org.junit.jupiter.params.provider.MethodSource("loopbacksOnBothPaths")
    void consecutivePosts_sameHeaders_oneConnection_whateverTheReplyFraming(String loopback, PostPath path) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName(loopback))) {
            AtomicInteger accepted = new AtomicInteger();
            CompletableFuture<List<String>> heads = CompletableFuture.supplyAsync(
                    () -> serve(server, accepted, List.of(byLength(), chunked(), byLength(), byLength())));
            String authority = (loopback.contains(":") ? "[" + loopback + "]" : loopback) + ":" + server.getLocalPort();
            PlaytchaSettings settings = PlaytchaSettings.builder("sk_test_wire")
                    .apiUrl(URI.create("http://" + authority)).timeout(Duration.ofSeconds(3)).maxConnections(1).build();
            try (HttpTransport transport = HttpTransport.open(settings, SystemDefaultDnsResolver.INSTANCE, "wire-test", VerifierClock.SYSTEM)) {
                // The pool's one connection: one that stayed leased after a post would leave the next overloaded.
                for (int i = 0; i < 4; i++) {
                    VerificationResult result = path.post(transport, "tok_wire_" + i);
                    assertTrue(result instanceof VerificationResult.Verified, "post " + i + ": " + result);
                }
                List<String> seen = heads.get(TestSettings.WAIT.toMillis(), TimeUnit.MILLISECONDS);
                assertEquals(4, seen.size(), String.valueOf(seen));
                for (String head : seen) {
                    // the same names, each once; their order is each client's own
                    assertEquals(new java.util.TreeSet<>(HEADERS), new java.util.TreeSet<>(names(head)), head);
                    assertEquals(HEADERS.size(), names(head).size(), head);
                    assertTrue(head.startsWith("POST /v1/verify HTTP/1.1\r\n"), head);
                    assertTrue(head.contains("\r\nHost: " + authority + "\r\n"), head);
                }
                assertEquals(1, accepted.get(), "consecutive posts opened new connections");
            }
        }
    }

    /**
     * Replies without a body (204, and a 502 of length 0) end their exchange at the head: the
     * connection must go back to the pool there too, and serve the next post.
     */
    @ParameterizedTest
    @EnumSource(PostPath.class)
    void repliesWithoutABody_handTheConnectionBack(PostPath path) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            AtomicInteger accepted = new AtomicInteger();
            List<String> replies = List.of("HTTP/1.1 204 No Content\r\n\r\n",
                    "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n", byLength());
            CompletableFuture<List<String>> heads = CompletableFuture.supplyAsync(() -> serve(server, accepted, replies));
            PlaytchaSettings settings = PlaytchaSettings.builder("sk_test_wire")
                    .apiUrl(URI.create("http://127.0.0.1:" + server.getLocalPort())).timeout(Duration.ofSeconds(3)).maxConnections(1)
                    .build();
            try (HttpTransport transport = HttpTransport.open(settings, SystemDefaultDnsResolver.INSTANCE, "wire-test", VerifierClock.SYSTEM)) {
                for (int i = 0; i < replies.size(); i++) {
                    VerificationResult result = path.post(transport, "tok_wire_" + i);
                    // the pool's one connection: one kept leased by a reply without a body would leave the next overloaded
                    assertEquals(i == 2, result instanceof VerificationResult.Verified, "post " + i + ": " + result);
                }
                assertEquals(3, heads.get(TestSettings.WAIT.toMillis(), TimeUnit.MILLISECONDS).size());
                assertEquals(1, accepted.get(), "a reply without a body cost its connection");
            }
        }
    }

    /** Answers one post per reply, in order, on the first connection. */
    private static List<String> serve(ServerSocket server, AtomicInteger accepted, List<String> replies) {
        List<String> heads = new ArrayList<>();
        try (Socket socket = server.accept()) {
            accepted.incrementAndGet();
            socket.setSoTimeout(5_000);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            for (String reply : replies) {
                String head = head(in);
                heads.add(head);
                in.readNBytes(contentLength(head));
                out.write(reply.getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        } catch (IOException e) {
            heads.add("failed: " + e);
        }
        return heads;
    }

    private static String byLength() {
        return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + VERIFIED.length() + "\r\n\r\n"
                + VERIFIED;
    }

    private static String chunked() {
        String half = VERIFIED.substring(0, 10);
        String rest = VERIFIED.substring(10);
        return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(half.length()) + "\r\n" + half + "\r\n" + Integer.toHexString(rest.length()) + "\r\n"
                + rest + "\r\n0\r\nX-Trailer: end\r\n\r\n";
    }

    private static String head(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after " + head.size() + " bytes");
            }
            head.write(b);
            matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : b == '\r' ? 1 : 0;
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    private static int contentLength(String head) {
        return head.lines().filter(l -> l.regionMatches(true, 0, "Content-Length:", 0, 15))
                .mapToInt(l -> Integer.parseInt(l.substring(15).strip())).findFirst().orElse(0);
    }

    private static List<String> names(String head) {
        return head.lines().skip(1).filter(l -> !l.isEmpty()).map(l -> l.substring(0, l.indexOf(':'))).toList();
    }
}
