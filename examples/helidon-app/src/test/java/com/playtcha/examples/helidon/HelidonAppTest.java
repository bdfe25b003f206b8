package com.playtcha.examples.helidon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.testing.PlaytchaSimulator;
import io.helidon.microprofile.server.Server;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The example as Helidon MP runs it, nothing registered by hand: its resources, the two jars and
 * MicroProfile Config (the simulator's address and secret as system properties, a config source of
 * Helidon's). Each request is sent over a socket of its own, from the loopback address the test names,
 * so that the client budget sees distinct clients.
 */
class HelidonAppTest {

    /** Every log record of the start and the tests, to show that nothing warned about Jandex. */
    private static final List<LogRecord> LOG = new CopyOnWriteArrayList<>();
    private static final Handler CAPTURE = new Handler() {
        @Override
        public void publish(LogRecord record) {
            LOG.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private static PlaytchaSimulator playtcha;
    private static Server server;

    @BeforeAll
    static void start() {
        Logger.getLogger("").addHandler(CAPTURE);
        playtcha = PlaytchaSimulator.builder().host("127.0.0.1").start();
        System.setProperty("playtcha.secret", playtcha.secret());
        System.setProperty("playtcha.api-url", playtcha.url().toString());
        // No test here waits for a timeout: long ones, so that a busy machine's first (cold) verify does not fail open.
        System.setProperty("playtcha.timeout", "10s");
        System.setProperty("playtcha.connect-timeout", "5s");
        // A free port, on loopback: system properties outrank microprofile-config.properties' server.port=8080.
        System.setProperty("server.port", "0");
        System.setProperty("server.host", "127.0.0.1");
        server = Server.create().start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
        playtcha.close();
        System.clearProperty("playtcha.secret");
        System.clearProperty("playtcha.api-url");
        System.clearProperty("playtcha.timeout");
        System.clearProperty("playtcha.connect-timeout");
        System.clearProperty("server.port");
        System.clearProperty("server.host");
        Logger.getLogger("").removeHandler(CAPTURE);
    }

    @Test
    void postWithoutAToken_isRefused_missingToken() throws IOException, InterruptedException {
        Reply reply = post("/signup", "email=ada%40example.com", "application/json, text/plain;q=0.5");

        assertEquals(403, reply.status(), reply::toString);
        assertTrue(reply.body().contains("\"code\":\"missing_token\""), reply::toString);
    }

    @Test
    void aToken_passesOnce_itsReplayIsRefused() throws IOException, InterruptedException {
        String form = "email=ada%40example.com&playtcha-token=" + URLEncoder.encode(playtcha.mintToken(), StandardCharsets.UTF_8);

        Reply first = post("/signup", form, "text/plain");
        Reply replay = post("/signup", form, "application/json, text/plain;q=0.5");

        assertEquals(200, first.status(), first::toString);
        assertEquals("Welcome, ada@example.com", first.body());
        assertEquals(403, replay.status(), replay::toString);
        assertTrue(replay.body().contains("\"code\":\"already_redeemed\""), replay::toString);
    }

    @Test
    void oneClientsJunkTokens_meetItsBudget_429() throws IOException, InterruptedException {
        int status = 0;
        int posts = 0;
        while (status != 429 && posts < 100) {
            status = postFrom("127.0.0.9", "email=x&playtcha-token=junk-" + posts);
            posts++;
        }
        assertEquals(429, status, "no client_rate_limited after " + posts + " posts");
        assertTrue(posts > 30, "refused after " + posts + " posts, within the default burst of 30");
        assertEquals(403, postFrom("127.0.0.10", "email=x&playtcha-token=junk"),
                "another client has its own budget");
    }

    @Test
    void readiness_isAtHealthReady() throws IOException, InterruptedException {
        Reply reply = get("/health/ready");

        assertEquals(200, reply.status(), reply::toString);
        assertTrue(reply.body().contains("playtcha"), reply::toString);
    }

    @Test
    void theStart_loggedNoJandexWarning() {
        // Weld reads each bean archive's META-INF/jandex.idx; one of a format its Jandex does not know it
        // warns about ("Version of Jandex index is not supported") and scans instead.
        List<String> warnings = LOG.stream().filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue())
                .map(r -> r.getLoggerName() + ": " + r.getMessage())
                .filter(m -> m.toLowerCase(Locale.ROOT).contains("jandex")).toList();
        assertEquals(List.of(), warnings);
        assertTrue(LOG.stream().anyMatch(r -> String.valueOf(r.getMessage()).contains("Using jandex for bean discovery")),
                "Weld read the indexes");
    }

    private record Reply(int status, String body) {
    }

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private static Reply get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    private static Reply post(String path, String form, String accept) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", accept).POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    private static Reply send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> reply = CLIENT.send(request.timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Reply(reply.statusCode(), reply.body());
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    /** The status of a form post sent from {@code source}, over a socket bound to it. */
    private static int postFrom(String source, String form) throws IOException, InterruptedException {
        byte[] body = form.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket()) {
            socket.setSoTimeout(20_000);
            socket.bind(new InetSocketAddress(source, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /signup HTTP/1.1\r\nHost: 127.0.0.1\r\n"
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
