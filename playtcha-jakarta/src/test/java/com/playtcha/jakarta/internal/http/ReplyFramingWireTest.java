package com.playtcha.jakarta.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.VerificationResult;
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

/**
 * A connection whose framing cannot be trusted is never used again: a reply followed by bytes
 * nobody asked for (which could be read as the next post's answer), and a reply with both
 * {@code Content-Length} and {@code Transfer-Encoding} (two framings, the shape of response
 * splitting). Bare sockets, so the server sends exactly those bytes. ({@link ReplyFraming} says why
 * bytes that reach the socket later, between a reply and the next post, are out of reach.)
 */
class ReplyFramingWireTest {

    private static final String FRESH = "{\"success\":true,\"request_id\":\"req_fresh\"}";
    private static final String STALE = "{\"success\":true,\"request_id\":\"req_stale\"}";

    /**
     * The first reply carries a second, unrequested success right behind it: the next post skips
     * it, reads its own reply, and the connection is dropped after that.
     */
    @Test
    void bytesLeftAfterAReply_areNeverReadAsTheNextPostsAnswer() throws Exception {
        try (FakeServer server = new FakeServer(first -> first ? reply(FRESH) + reply(STALE) : reply(FRESH));
                HttpTransport transport = server.transport()) {
            for (int i = 0; i < 3; i++) {
                VerificationResult result = transport.post("tok_frame_" + i, HttpTransport.Wait.LIVE);
                assertEquals("req_fresh", assertInstanceOf(VerificationResult.Verified.class, result).requestId(),
                        "post " + i + " was answered by bytes the server sent before it asked");
                assertEquals(0, transport.poolStats().getLeased());
            }
            assertEquals(3, server.requests.get(), "every post reached the server");
            assertEquals(2, server.accepted.get(), "the connection with bytes left over stayed in use");
        }
    }

    @Test
    void aReplyWithContentLengthAndTransferEncoding_isBadResponse_andItsConnectionDropped() throws Exception {
        String chunkedWithLength = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + FRESH.length()
                + "\r\nTransfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(FRESH.length()) + "\r\n" + FRESH
                + "\r\n0\r\n\r\n";
        try (FakeServer server = new FakeServer(first -> first ? chunkedWithLength : reply(FRESH));
                HttpTransport transport = server.transport()) {
            VerificationResult first = transport.post("tok_te_0", HttpTransport.Wait.LIVE);
            assertEquals(VerificationResult.BAD_RESPONSE, assertInstanceOf(VerificationResult.Unavailable.class, first).code());
            assertInstanceOf(VerificationResult.Verified.class, transport.post("tok_te_1", HttpTransport.Wait.LIVE));
            assertEquals(0, transport.poolStats().getLeased());
            assertEquals(2, server.accepted.get(), "the connection of a doubly framed reply was reused");
        }
    }

    private static String reply(String body) {
        return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
    }

    /** The reply to a request; {@code first} for the very first request the server reads. */
    private interface Replies {
        String to(boolean first);
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
            PlaytchaSettings settings = PlaytchaSettings.builder("sk_test_framing")
                    .apiUrl(URI.create("http://127.0.0.1:" + socket.getLocalPort())).timeout(Duration.ofSeconds(3)).build();
            return HttpTransport.open(settings, SystemDefaultDnsResolver.INSTANCE, "framing-test");
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
                InputStream in = new BufferedInputStream(connection.getInputStream());
                OutputStream out = connection.getOutputStream();
                while (true) {
                    String head = head(in);
                    if (head == null) {
                        return;
                    }
                    in.readNBytes(contentLength(head));
                    boolean first = requests.getAndIncrement() == 0;
                    out.write(replies.to(first).getBytes(StandardCharsets.US_ASCII));
                    out.flush();
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
