package com.playtcha.jakarta.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One plain TCP connection to the simulator that the test opens and closes itself: for asserting on
 * connections (the JDK 17 HttpClient cannot be closed) and for requests the JDK client will not send.
 * Reads HTTP/1.1 responses framed by {@code Content-Length} only, which is all the simulator sends.
 */
final class RawConnection implements AutoCloseable {

    record Response(int status, Map<String, String> headers, String body) {
    }

    private final Socket socket;
    private final InputStream in;

    private RawConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
    }

    static RawConnection open(PlaytchaSimulator simulator) throws IOException {
        Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), simulator.port());
        socket.setSoTimeout(10_000);
        return new RawConnection(socket);
    }

    void write(String request) throws IOException {
        socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    /** A keep-alive verify POST. */
    void writeVerify(String secret, String token) throws IOException {
        String body = SimulatorClient.verifyBody(secret, token);
        write("POST /v1/verify HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body);
    }

    Response readResponse() throws IOException {
        String statusLine = readLine();
        int status = Integer.parseInt(statusLine.split(" ", 3)[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = readLine(); !line.isEmpty(); line = readLine()) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        byte[] body = in.readNBytes(length);
        if (body.length < length) {
            throw new IOException("body cut short: " + body.length + " of " + length + " bytes");
        }
        return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    /** Reads until the server closes: -1 for a clean close. A reset throws. */
    int read() throws IOException {
        return in.read();
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed in a header: " + line);
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
