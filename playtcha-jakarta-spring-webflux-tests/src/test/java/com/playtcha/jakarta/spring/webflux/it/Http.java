package com.playtcha.jakarta.spring.webflux.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;

/** What the tests send that a plain client does not write for them: multipart bodies, and requests byte by byte on a socket. */
final class Http {

    static final String BOUNDARY = "----playtcha-test-boundary";

    private Http() {
    }

    static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code size} bytes that are not text (and hold no CRLF-boundary by chance: the boundary has characters they never do). */
    static byte[] bytes(int size) {
        byte[] bytes = new byte[size];
        new Random(74).nextBytes(bytes);
        for (int i = 0; i < size; i++) {
            if (bytes[i] == '-' || bytes[i] == '\r' || bytes[i] == '\n') {
                bytes[i] = 'x';
            }
        }
        return bytes;
    }

    /** A multipart body with a file part and the token part, the token first or after the file. */
    static byte[] multipart(String token, byte[] file, boolean tokenFirst) {
        ByteArrayOutputStream body = new ByteArrayOutputStream(file.length + 512);
        byte[] tokenPart = ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"playtcha-token\"\r\n\r\n" + token + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] fileHead = ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.bin\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        if (tokenFirst) {
            body.writeBytes(tokenPart);
        }
        body.writeBytes(fileHead);
        body.writeBytes(file);
        body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        if (!tokenFirst) {
            body.writeBytes(tokenPart);
        }
        body.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return body.toByteArray();
    }

    static HttpResponse<String> multipart(OnNetty test, String path, String token, byte[] file, boolean tokenFirst)
            throws IOException, InterruptedException {
        return OnNetty.CLIENT.send(HttpRequest.newBuilder(test.url(path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(multipart(token, file, tokenFirst)))
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY).header("Accept", OnNetty.JSON).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A connection that writes exactly what a test gives it and reads the reply's status line. */
    static final class Raw implements AutoCloseable {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;

        Raw(int port) throws IOException {
            this(new Socket(InetAddress.getLoopbackAddress(), port));
        }

        /** A connection from {@code from}, a loopback address of the test's choosing (a client of its own to the budgets). */
        Raw(int port, InetAddress from) throws IOException {
            this(new Socket(InetAddress.getLoopbackAddress(), port, from, 0));
        }

        private Raw(Socket socket) throws IOException {
            this.socket = socket;
            socket.setSoTimeout(60_000);
            out = socket.getOutputStream();
            in = socket.getInputStream();
        }

        /** Writes {@code request} and reads its reply whole (a {@code Content-Length} body): its head. */
        String send(String request) throws IOException {
            write(request);
            String head = head();
            int length = head.lines().filter(line -> line.regionMatches(true, 0, "Content-Length:", 0, 15))
                    .mapToInt(line -> Integer.parseInt(line.substring(15).trim())).findFirst().orElse(0);
            body(length);
            return head;
        }

        Raw write(String text) throws IOException {
            return write(text.getBytes(StandardCharsets.ISO_8859_1));
        }

        Raw write(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
            return this;
        }

        /** The head of the reply, up to its blank line. */
        String head() throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            while (matched < 4) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                head.write(b);
                matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : b == '\r' ? 1 : 0;
            }
            return head.toString(StandardCharsets.ISO_8859_1);
        }

        /** What follows the head, {@code length} bytes. */
        String body(int length) throws IOException {
            return new String(in.readNBytes(length), StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
