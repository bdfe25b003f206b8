package com.playtcha.jakarta.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The floor: a verify written by hand on a kept-alive socket per calling thread, the request's bytes written at
 * once and the reply's head scanned for its length, then its body for {@code "success":true}. Nothing a client
 * library does, no timeout, no pool: what the verifier is held against (FIELD-NOTES, "at the raw socket's floor").
 */
final class RawSocketVerify implements AutoCloseable {

    private final String host;
    private final int port;
    private final String secret;
    private final Queue<Connection> all = new ConcurrentLinkedQueue<>();
    private final ThreadLocal<Connection> mine = ThreadLocal.withInitial(this::connect);

    RawSocketVerify(URI apiUrl, String secret, int connections) {
        this.host = apiUrl.getHost();
        this.port = apiUrl.getPort();
        this.secret = secret;
    }

    /** One verify on this thread's connection; throws unless the reply is a success. */
    void verify() {
        Connection c = mine.get();
        String body = "{\"secret\":\"" + secret + "\",\"token\":\"" + AsyncVerifyBenchmark.token() + "\"}";
        byte[] request = ("POST /v1/verify HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII);
        try {
            c.out.write(request);
            c.out.flush();
            if (!c.reply().contains("\"success\":true")) {
                throw new IllegalStateException("not a success");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Connection connect() {
        try {
            Socket socket = new Socket(host, port);
            socket.setTcpNoDelay(true);
            Connection c = new Connection(socket);
            all.add(c);
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        for (Connection c : all) {
            c.socket.close();
        }
    }

    /** One kept-alive connection and the bytes read from it but not yet used. */
    private static final class Connection {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;
        private final byte[] buffer = new byte[4096];
        private int start;
        private int end;

        Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.out = socket.getOutputStream();
            this.in = socket.getInputStream();
        }

        /** The next reply's body: its head read to the blank line, its Content-Length taken, that many bytes. */
        String reply() throws IOException {
            int headEnd;
            while ((headEnd = find(start, end)) < 0) {
                fill();
            }
            String head = new String(buffer, start, headEnd - start, StandardCharsets.US_ASCII);
            int at = head.indexOf("Content-Length: ");
            int lineEnd = head.indexOf('\r', at);
            int length = Integer.parseInt(head.substring(at + 16, lineEnd < 0 ? head.length() : lineEnd).trim());
            start = headEnd + 4;
            while (end - start < length) {
                fill();
            }
            String body = new String(buffer, start, length, StandardCharsets.US_ASCII);
            start += length;
            return body;
        }

        private int find(int from, int to) {
            for (int i = from; i + 3 < to; i++) {
                if (buffer[i] == '\r' && buffer[i + 1] == '\n' && buffer[i + 2] == '\r' && buffer[i + 3] == '\n') {
                    return i;
                }
            }
            return -1;
        }

        private void fill() throws IOException {
            if (start > 0) {
                System.arraycopy(buffer, start, buffer, 0, end - start);
                end -= start;
                start = 0;
            }
            int n = in.read(buffer, end, buffer.length - end);
            if (n < 0) {
                throw new IOException("connection closed");
            }
            end += n;
        }
    }
}
