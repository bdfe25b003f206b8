package com.playtcha.jakarta.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.TestSettings;
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.spi.store.VerifierClock;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The budget's promise on the wire: a verify returns within {@code timeout} even when the server
 * keeps every read alive with a byte now and then, and the exchange gets at least
 * {@code timeout - lease-timeout} even after queueing for the only connection.
 */
class DeadlineWireTest {

    /**
     * The drip test's budget: well short of the 4.8 s reply, and long enough for the post after it, which
     * a loaded machine must serve inside it (at 600 ms the margin was one descheduled thread).
     */
    private static final Duration TIMEOUT = Duration.ofMillis(1500);
    private static final Duration LEASE = Duration.ofMillis(200);
    private static final String BODY = "{\"success\":true}";

    @ParameterizedTest
    @EnumSource(PostPath.class)
    void aServerDrippingBytes_isCutOffAtTimeout(PostPath path) throws Exception {
        // the cut connection is closed, so the post after it connects anew: a connect bound of the whole timeout, since a
        // loaded machine's I/O thread may take longer than the lease's 200 ms to finish a loopback connect
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                HttpTransport transport = transport(server, TIMEOUT, LEASE, TIMEOUT)) {
            serve(server, (out, n) -> {
                out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + BODY.length() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                if (n > 0) { // the post after the cut one is answered at once
                    out.write(BODY.getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    return;
                }
                for (byte b : BODY.getBytes(StandardCharsets.US_ASCII)) {
                    out.write(b);
                    out.flush();
                    // The server's pace: each read gets a byte well inside its timeout, and the whole reply takes
                    // 4.8 s, so a deadline thread a loaded machine runs late still cuts it before the last byte.
                    Thread.sleep(300);
                }
            });
            long started = System.nanoTime();
            VerificationResult result = path.post(transport, "tok_drip");
            long took = System.nanoTime() - started;
            assertEquals(VerificationResult.TIMEOUT, assertInstanceOf(VerificationResult.Unavailable.class, result).code());
            // Cut off before the reply's last byte (4.8 s), else it would be verified; and not before its budget,
            // which starts after `started`: a loaded machine cuts later, never sooner, so no slack is owed here.
            assertTrue(took >= TIMEOUT.toNanos(), "returned after " + TimeUnit.NANOSECONDS.toMillis(took) + " ms");
            // the cut post gave its connection back: the pool's only one serves the next post, not overloaded
            VerificationResult after = path.post(transport, "tok_after");
            assertInstanceOf(VerificationResult.Verified.class, after, () -> "the post after the cut one: " + after);
        }
    }

    /**
     * HttpClient tells a cancelled post's callback before it gives the post's connection back; a cut post's answer waits
     * for that, so that what runs on the answer (here, on the thread that completes it) finds the connection back in the
     * pool. When the answer came first, a loaded machine could keep the connection out past the next post's
     * {@code lease-timeout}: the post after the cut one was overloaded with the pool's only connection idle.
     */
    @Test
    void aCutPost_hasGivenItsConnectionBack_whenItsAnswerRuns() throws Exception {
        // A post cut while its connection is still being made is another case (the pool lets that connection go when
        // the connect ends, on the client's I/O thread): at load 25 the 1.5 s budget ran out before the request reached
        // the server once. A 5 s budget has the exchange under way when it is cut, which the latch shows.
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                HttpTransport transport = transport(server, Duration.ofSeconds(5), LEASE)) {
            CountDownLatch arrived = new CountDownLatch(1);
            CountDownLatch cut = new CountDownLatch(1);
            serve(server, (out, n) -> { // no reply until the client has cut the post
                arrived.countDown();
                cut.await();
            });
            CompletableFuture<VerificationResult> post = transport.postAsync("tok_cut");
            CompletableFuture<Integer> leasedOnAnswer = post.thenApply(result -> transport.leasedNonBlocking());
            assertEquals(VerificationResult.TIMEOUT,
                    assertInstanceOf(VerificationResult.Unavailable.class, PostPath.waited(post)).code());
            assertEquals(0, arrived.getCount(), "the post reached the server before its deadline cut it");
            cut.countDown();
            assertEquals(0, PostPath.waited(leasedOnAnswer), "connections leased when the cut post's answer ran");
        }
    }

    /**
     * Ten times the durations the test above once had (6 s, 2 s), so that the margins (half a second each) hold on a busy
     * machine, where 50 ms did not: the queued post came back unavailable beside other builds.
     */
    @Test
    void aPostThatQueued_stillGetsTimeoutMinusLeaseTimeout_forTheExchange() throws Exception {
        Duration timeout = Duration.ofSeconds(6);
        Duration lease = LEASE.multipliedBy(10);
        CountDownLatch firstArrived = new CountDownLatch(1);
        long exchange = timeout.minus(lease).toMillis() - 500; // just inside the exchange's share
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                HttpTransport transport = transport(server, timeout, lease)) {
            serve(server, (out, n) -> {
                if (n == 0) {
                    firstArrived.countDown();
                }
                // The first holds the only connection most of lease-timeout; the second then takes
                // nearly all the exchange's share.
                Thread.sleep(n == 0 ? lease.toMillis() - 500 : exchange);
                out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + BODY.length() + "\r\n\r\n" + BODY).getBytes(StandardCharsets.US_ASCII));
                out.flush();
            });
            CompletableFuture<VerificationResult> first = CompletableFuture.supplyAsync(
                    () -> transport.post("tok_first", HttpTransport.Wait.LIVE));
            assertTrue(firstArrived.await(TestSettings.WAIT.toMillis(), TimeUnit.MILLISECONDS));
            VerificationResult queued = transport.post("tok_queued", HttpTransport.Wait.LIVE);
            assertInstanceOf(VerificationResult.Verified.class, first.get(TestSettings.WAIT.toMillis(), TimeUnit.MILLISECONDS));
            assertInstanceOf(VerificationResult.Verified.class, queued, "the queued post's exchange was cut short");
        }
    }

    /**
     * The non-blocking path's bulkhead: past {@code max-connections} posts in flight, one more is {@code overloaded} at
     * once and sends nothing, where the blocking path's would wait {@code lease-timeout} for a connection (the test above).
     */
    @Test
    void onePostPastTheCap_onTheNonBlockingPath_isOverloadedAtOnce_andSendsNothing() throws Exception {
        CountDownLatch firstArrived = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger requests = new AtomicInteger();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                HttpTransport transport = transport(server, Duration.ofSeconds(30), LEASE)) {
            serve(server, (out, n) -> {
                requests.incrementAndGet();
                firstArrived.countDown();
                release.await();
                out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + BODY.length() + "\r\n\r\n" + BODY).getBytes(StandardCharsets.US_ASCII));
                out.flush();
            });
            CompletableFuture<VerificationResult> first = transport.postAsync("tok_first");
            assertTrue(firstArrived.await(30, TimeUnit.SECONDS));
            CompletableFuture<VerificationResult> past = transport.postAsync("tok_past");

            assertTrue(past.isDone(), "one past the cap waited");
            assertEquals(VerificationResult.OVERLOADED, past.get().errorCode());
            assertEquals(VerificationResult.Source.POOL, past.get().source());
            release.countDown();
            assertInstanceOf(VerificationResult.Verified.class, first.get(30, TimeUnit.SECONDS));
            assertInstanceOf(VerificationResult.Verified.class, PostPath.NON_BLOCKING.post(transport, "tok_after"),
                    "the cap's permit came back");
            assertEquals(2, requests.get(), "the overloaded post sent nothing");
        }
    }

    private static HttpTransport transport(ServerSocket server) {
        return transport(server, TIMEOUT, LEASE);
    }

    private static HttpTransport transport(ServerSocket server, Duration timeout, Duration lease) {
        return transport(server, timeout, lease, lease);
    }

    private static HttpTransport transport(ServerSocket server, Duration timeout, Duration lease, Duration connect) {
        PlaytchaSettings settings = PlaytchaSettings.builder("sk_test_deadline")
                .apiUrl(URI.create("http://127.0.0.1:" + server.getLocalPort()))
                .timeout(timeout).leaseTimeout(lease).connectTimeout(connect).maxConnections(1).build();
        return HttpTransport.open(settings, SystemDefaultDnsResolver.INSTANCE, "deadline-test", VerifierClock.SYSTEM);
    }

    private interface Reply {
        void write(OutputStream out, int n) throws Exception;
    }

    /** Answers request {@code n} (counted over all connections) by {@code reply}, a thread per connection. */
    private static void serve(ServerSocket server, Reply reply) {
        int[] count = {0};
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    Thread connection = new Thread(() -> {
                        try (socket) {
                            InputStream in = new BufferedInputStream(socket.getInputStream());
                            while (true) {
                                int length = head(in);
                                if (length < 0) {
                                    return;
                                }
                                in.readNBytes(length);
                                int n;
                                synchronized (count) {
                                    n = count[0]++;
                                }
                                reply.write(socket.getOutputStream(), n);
                            }
                        } catch (Exception e) {
                            // the client cut the connection: what the drip test wants
                        }
                    });
                    connection.setDaemon(true);
                    connection.start();
                } catch (IOException closed) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Reads a request's head; its Content-Length, or -1 when the client closed the connection. */
    private static int head(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int length = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                return -1;
            }
            if (b != '\n') {
                line.append((char) b);
                continue;
            }
            String text = line.toString().strip();
            if (text.isEmpty()) {
                return length;
            }
            if (text.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                length = Integer.parseInt(text.substring(15).strip());
            }
            line.setLength(0);
        }
    }
}
