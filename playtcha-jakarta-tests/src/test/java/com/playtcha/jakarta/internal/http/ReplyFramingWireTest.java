package com.playtcha.jakarta.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.playtcha.jakarta.core.PlaytchaSettings;
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
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A connection whose framing cannot be trusted is never used again: a reply followed by bytes
 * nobody asked for (which could be read as the next post's answer), and a reply with both
 * {@code Content-Length} and {@code Transfer-Encoding} (two framings, the shape of response
 * splitting). Interim replies (1xx) are not such bytes: any number of them before the final reply,
 * in the same segment or split across reads, are read past and the connection kept; a 101 is an
 * unusable reply. Bare sockets, so the server sends exactly those bytes. ({@link ReplyFraming} says
 * why bytes that reach the socket later, between a reply and the next post, are out of reach.)
 */
class ReplyFramingWireTest {

    private static final String FRESH = "{\"success\":true,\"request_id\":\"req_fresh\"}";
    private static final String STALE = "{\"success\":true,\"request_id\":\"req_stale\"}";
    private static final String UNAUTHORIZED = "401 Unauthorized";
    private static final String INVALID = "{\"success\":false,\"error\":{\"code\":\"token_invalid\","
            + "\"message\":\"the token is not valid\",\"request_id\":\"req_401\"}}";

    /**
     * The first reply carries a second, unrequested success right behind it: the next post skips
     * it, reads its own reply, and the connection is dropped after that.
     */
    @ParameterizedTest
    @EnumSource(PostPath.class)
    void bytesLeftAfterAReply_areNeverReadAsTheNextPostsAnswer(PostPath path) throws Exception {
        try (FakeServer server = new FakeServer((n, out) -> send(out, n == 0 ? reply(FRESH) + reply(STALE) : reply(FRESH)));
                HttpTransport transport = server.transport()) {
            for (int i = 0; i < 3; i++) {
                assertOwnReply(path, i, path.post(transport, "tok_frame_" + i));
            }
            if (path == PostPath.BLOCKING) {
                assertEquals(3, server.requests.get(), "every post reached the server");
            }
            assertEquals(2, server.accepted.get(), "the connection with bytes left over stayed in use");
            assertConnectionBack(path, transport);
        }
    }

    @ParameterizedTest
    @EnumSource(PostPath.class)
    void aReplyWithContentLengthAndTransferEncoding_isBadResponse_andItsConnectionDropped(PostPath path) throws Exception {
        String chunkedWithLength = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + FRESH.length()
                + "\r\nTransfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(FRESH.length()) + "\r\n" + FRESH
                + "\r\n0\r\n\r\n";
        try (FakeServer server = new FakeServer((n, out) -> send(out, n == 0 ? chunkedWithLength : reply(FRESH)));
                HttpTransport transport = server.transport()) {
            VerificationResult first = path.post(transport, "tok_te_0");
            assertEquals(VerificationResult.BAD_RESPONSE, assertInstanceOf(VerificationResult.Unavailable.class, first).code());
            assertInstanceOf(VerificationResult.Verified.class, path.post(transport, "tok_te_1"));
            assertConnectionBack(path, transport);
            assertEquals(2, server.accepted.get(), "the connection of a doubly framed reply was reused");
        }
    }

    /**
     * Interim replies in the same write as the final one: the final reply is this post's answer, a
     * rejection stays a rejection and a success a success, and the connection serves the next post.
     */
    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> interimsOnBothPaths() {
        return java.util.stream.Stream.of(PostPath.values()).flatMap(path -> java.util.stream.Stream.of("100", "103", "100,103,102")
                .map(interims -> org.junit.jupiter.params.provider.Arguments.of(interims, path)));
    }

    @ParameterizedTest(name = "{0}, {1}")
    @org.junit.jupiter.params.provider.MethodSource("interimsOnBothPaths")
    void interimRepliesBeforeTheFinalOne_areReadPast_andTheConnectionKept(String interims, PostPath path) throws Exception {
        String before = interims(interims);
        try (FakeServer server = new FakeServer((n, out) -> send(out, before + (n == 0 ? reply(UNAUTHORIZED, INVALID) : reply(FRESH))));
                HttpTransport transport = server.transport()) {
            assertTokenInvalid(path.post(transport, "tok_interim_0"));
            VerificationResult second = path.post(transport, "tok_interim_1");
            assertEquals("req_fresh", assertInstanceOf(VerificationResult.Verified.class, second).requestId());
            assertConnectionBack(path, transport);
            assertEquals(1, server.accepted.get(), "a reply after interim ones dropped a sound connection");
        }
    }

    /** An interim reply cut in two, its end arriving with the final reply: each flushed on its own. */
    @ParameterizedTest
    @EnumSource(PostPath.class)
    void anInterimReplySplitAcrossReads_isReadPast(PostPath path) throws Exception {
        String hints = interims("103");
        int cut = hints.indexOf("\r\n\r\n");
        try (FakeServer server = new FakeServer((n, out) -> send(out, hints.substring(0, cut),
                hints.substring(cut) + reply(UNAUTHORIZED, INVALID)));
                HttpTransport transport = server.transport()) {
            assertTokenInvalid(path.post(transport, "tok_split"));
        }
    }

    /** Bytes left before a reply are still skipped when that reply starts with an interim one, and the connection still dropped. */
    @ParameterizedTest
    @EnumSource(PostPath.class)
    void bytesLeftBeforeAnInterimReply_areSkipped_andTheConnectionDropped(PostPath path) throws Exception {
        try (FakeServer server = new FakeServer((n, out) -> send(out,
                n == 0 ? reply(FRESH) + reply(STALE) : interims("100") + reply(FRESH)));
                HttpTransport transport = server.transport()) {
            for (int i = 0; i < 3; i++) {
                assertOwnReply(path, i, path.post(transport, "tok_early_" + i));
            }
            assertEquals(2, server.accepted.get(), "the connection with bytes left over stayed in use");
        }
    }

    /** No post asks to switch protocols: a 101 is an unusable reply, and its connection is dropped. */
    @ParameterizedTest
    @EnumSource(PostPath.class)
    void switchingProtocols_isBadResponse_andItsConnectionDropped(PostPath path) throws Exception {
        String upgrade = "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n";
        try (FakeServer server = new FakeServer((n, out) -> send(out, n == 0 ? upgrade + reply(FRESH) : reply(FRESH)));
                HttpTransport transport = server.transport()) {
            VerificationResult first = path.post(transport, "tok_101_0");
            assertEquals(VerificationResult.BAD_RESPONSE, assertInstanceOf(VerificationResult.Unavailable.class, first).code());
            assertInstanceOf(VerificationResult.Verified.class, path.post(transport, "tok_101_1"));
            assertConnectionBack(path, transport);
            assertEquals(2, server.accepted.get(), "the connection that answered 101 was reused");
        }
    }

    /** A server that sends 100 Continue without end keeps every read busy: the whole-verify deadline ends the post. */
    @ParameterizedTest
    @EnumSource(PostPath.class)
    void endlessInterimReplies_endAtTheDeadline_asTimeout(PostPath path) throws Exception {
        try (FakeServer server = new FakeServer((n, out) -> {
                    while (true) {
                        send(out, interims("100"));
                    }
                });
                HttpTransport transport = server.transport(Duration.ofMillis(400))) {
            VerificationResult result = path.post(transport, "tok_endless");
            assertEquals(VerificationResult.TIMEOUT, assertInstanceOf(VerificationResult.Unavailable.class, result).code());
            assertConnectionBack(path, transport);
        }
    }

    /**
     * The pool's one connection is back: one more post gets a connection (a reused one, or a new one in place of one
     * dropped) instead of waiting out the lease and meeting {@code overloaded}. Up to three tries, as
     * {@code TestVerifiers.assertConnectionsFree}: a connection leaked never comes back, while one the deadline cut a
     * moment ago may still be closing (on the non-blocking path its endpoint is let go on an I/O thread, after the
     * post was answered) when a loaded machine runs the next post.
     */
    static void assertConnectionBack(PostPath path, HttpTransport transport) {
        VerificationResult next = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            next = path.post(transport, "tok_after_" + attempt);
            if (next.source() != VerificationResult.Source.POOL) {
                return;
            }
        }
        assertNotEquals(VerificationResult.Source.POOL, next.source(), "a connection stayed leased: " + next);
    }

    /**
     * Post {@code i} was answered by its own reply, never by bytes the server sent before it asked. On the non-blocking
     * path a post may instead meet the bytes left on its connection, when they arrive after the reply before was handed
     * back: HttpClient's async codec (whose parser its public API does not let us replace) then fails that connection,
     * and the post is {@code network_error}: unavailable, never an answer (design/engine.md, "The non-blocking path").
     */
    private static void assertOwnReply(PostPath path, int i, VerificationResult result) {
        if (path == PostPath.NON_BLOCKING && i > 0 && result instanceof VerificationResult.Unavailable unavailable) {
            assertEquals(VerificationResult.NETWORK_ERROR, unavailable.code(), result::toString);
            return;
        }
        assertEquals("req_fresh", assertInstanceOf(VerificationResult.Verified.class, result, result::toString).requestId(),
                "post " + i + " was answered by bytes the server sent before it asked");
    }

    private static void assertTokenInvalid(VerificationResult result) {
        VerificationResult.Rejected rejected = assertInstanceOf(VerificationResult.Rejected.class, result,
                "a rejection behind an interim reply was lost");
        assertEquals("token_invalid", rejected.code());
        assertEquals(401, rejected.httpStatus());
        assertEquals("req_401", rejected.requestId());
    }

    /** The interim replies named, in order: {@code "100,103"}. */
    private static String interims(String codes) {
        StringBuilder heads = new StringBuilder();
        for (String code : codes.split(",")) {
            heads.append(switch (code) {
                case "100" -> "HTTP/1.1 100 Continue\r\n\r\n";
                case "102" -> "HTTP/1.1 102 Processing\r\n\r\n";
                case "103" -> "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload; as=style\r\n"
                        + "Link: </script.js>; rel=preload; as=script\r\n\r\n";
                default -> throw new IllegalArgumentException(code);
            });
        }
        return heads.toString();
    }

    private static String reply(String body) {
        return reply("200 OK", body);
    }

    private static String reply(String status, String body) {
        return "HTTP/1.1 " + status + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n"
                + body;
    }

    /** Writes each part and flushes it: with TCP_NODELAY, each part leaves in a segment of its own. */
    private static void send(OutputStream out, String... parts) throws IOException {
        for (String part : parts) {
            out.write(part.getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
    }

    /** Answers request {@code n}, counted over all connections from 0. */
    private interface Replies {
        void answer(int n, OutputStream out) throws IOException;
    }

    /** Answers every request on every connection, a thread per connection. */
    private static final class FakeServer implements AutoCloseable {
        final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final AtomicInteger accepted = new AtomicInteger();
        final AtomicInteger requests = new AtomicInteger();
        final Replies replies;

        FakeServer(Replies replies) throws IOException {
            this.replies = replies;
            Thread acceptor = new Thread(this::accept, "framing-server");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        HttpTransport transport() {
            return transport(Duration.ofSeconds(3));
        }

        HttpTransport transport(Duration timeout) {
            PlaytchaSettings settings = PlaytchaSettings.builder("sk_test_framing")
                    .apiUrl(URI.create("http://127.0.0.1:" + socket.getLocalPort())).timeout(timeout).maxConnections(1).build();
            return HttpTransport.open(settings, SystemDefaultDnsResolver.INSTANCE, "framing-test", VerifierClock.SYSTEM);
        }

        private void accept() {
            while (!socket.isClosed()) {
                try {
                    Socket connection = socket.accept();
                    accepted.incrementAndGet();
                    Thread serving = new Thread(() -> serve(connection), "framing-connection");
                    serving.setDaemon(true);
                    serving.start();
                } catch (IOException closed) {
                    return;
                }
            }
        }

        private void serve(Socket connection) {
            try (connection) {
                connection.setSoTimeout(5_000);
                connection.setTcpNoDelay(true);
                InputStream in = new BufferedInputStream(connection.getInputStream());
                OutputStream out = connection.getOutputStream();
                while (true) {
                    String head = head(in);
                    if (head == null) {
                        return;
                    }
                    in.readNBytes(contentLength(head));
                    replies.answer(requests.getAndIncrement(), out);
                }
            } catch (IOException e) {
                // the client dropped the connection: what these tests want
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** A request's head, or {@code null} when the client closed the connection first. */
    private static String head(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return null;
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
}
