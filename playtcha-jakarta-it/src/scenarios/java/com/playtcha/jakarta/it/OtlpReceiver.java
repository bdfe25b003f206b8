package com.playtcha.jakarta.it;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.zip.GZIPInputStream;

/**
 * The smallest OTLP/HTTP metrics receiver: accepts {@code POST /v1/metrics} (protobuf) on an
 * ephemeral loopback port (gzip or not: WildFly's exporter compresses), answers 200 with an empty {@code ExportMetricsServiceResponse}, and keeps
 * every body. Instrument names and attribute values travel as UTF-8 strings in the protobuf, so a
 * test finds them in the bytes without decoding; that is all a test of "the metrics reach the
 * endpoint" needs.
 */
public final class OtlpReceiver implements AutoCloseable {

    private final HttpServer server;
    private final StringBuilder received = new StringBuilder();
    private int posts;

    private OtlpReceiver(HttpServer server) {
        this.server = server;
    }

    public static OtlpReceiver start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            OtlpReceiver receiver = new OtlpReceiver(server);
            server.createContext("/v1/", exchange -> {
                boolean gzip = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"));
                try (InputStream body = gzip ? new GZIPInputStream(exchange.getRequestBody()) : exchange.getRequestBody()) {
                    byte[] bytes = body.readAllBytes();
                    if (exchange.getRequestURI().getPath().equals("/v1/metrics")) {
                        receiver.add(bytes);
                    }
                }
                exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the OTLP receiver", e);
        }
    }

    /** {@code http://127.0.0.1:<port>}: the OTLP endpoint, without the {@code /v1/metrics} the exporter appends. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private synchronized void add(byte[] body) {
        received.append(new String(body, StandardCharsets.ISO_8859_1)); // byte for byte: ASCII names stay readable
        posts++;
        notifyAll();
    }

    /** Everything received so far once it contains {@code text}, or whatever came within {@code timeout}. */
    public synchronized String awaitContaining(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (received.indexOf(text) < 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return "posts=" + posts + "\n" + received;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
