package com.playtcha.jakarta.servlet;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes bytes no well-behaved client sends (control characters in a header, a body shorter than
 * its Content-Length) on a plain socket, and reads whatever comes back until the server closes; or
 * posts from another loopback address than 127.0.0.1, which the JDK's client cannot.
 */
final class RawHttp {

    private RawHttp() {
    }

    /**
     * What the server answered.
     *
     * @param status the status of the first response line, or 0 when the server closed without one
     * @param text   everything it sent, as ISO-8859-1
     */
    record Answer(int status, String text) {
    }

    /**
     * Sends {@code head} (request line and headers, ending in the blank line) and {@code body}, then
     * half-closes: the server sees the end of the stream where a real client would have sent more.
     */
    static Answer send(int port, String head, byte[] body) throws IOException {
        try (Socket socket = new Socket()) {
            request(socket, port, head, body);
            socket.shutdownOutput();
            InputStream in = socket.getInputStream();
            byte[] answer;
            try {
                answer = in.readNBytes(1024 * 1024);
            } catch (SocketTimeoutException | java.net.SocketException closed) {
                answer = new byte[0];
            }
            String text = new String(answer, StandardCharsets.ISO_8859_1);
            return new Answer(statusOf(text), text);
        }
    }

    /**
     * Sends {@code head} and only the start of the body it announces, keeps the connection open, and
     * reads one response: its head and as many body bytes as its {@code Content-Length} says. The
     * server answers while most of the request body has not arrived.
     */
    static Answer answerBeforeTheBodyEnds(int port, String head, byte[] bodyStart) throws IOException {
        try (Socket socket = new Socket()) {
            request(socket, port, head, bodyStart);
            InputStream in = socket.getInputStream();
            StringBuilder text = new StringBuilder();
            while (text.indexOf("\r\n\r\n") < 0) {
                int b = in.read();
                if (b < 0) {
                    return new Answer(statusOf(text.toString()), text.toString());
                }
                text.append((char) b);
            }
            Matcher length = Pattern.compile("(?i)\r\ncontent-length:\\s*(\\d+)").matcher(text);
            if (length.find()) {
                text.append(new String(in.readNBytes(Integer.parseInt(length.group(1))), StandardCharsets.ISO_8859_1));
            }
            return new Answer(statusOf(text.toString()), text.toString());
        }
    }

    /**
     * An urlencoded POST sent from {@code localAddress}, with {@code Connection: close}, read to the
     * end. On Linux the whole of 127.0.0.0/8 is loopback, so a socket bound to 127.0.0.2 is a second
     * client as the server sees it ({@code getRemoteAddr()}), talking to the same 127.0.0.1.
     */
    static Reply postFrom(String localAddress, int port, String path, String accept, String form) throws IOException {
        byte[] body = form.getBytes(StandardCharsets.US_ASCII);
        String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAccept: " + accept
                + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n";
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(localAddress, 0));
            request(socket, port, head, body);
            return reply(socket.getInputStream().readAllBytes());
        }
    }

    /** Connects {@code socket} to the server on loopback and writes the request's head and (some of) its body. */
    private static void request(Socket socket, int port, String head, byte[] body) throws IOException {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(15_000);
        OutputStream out = socket.getOutputStream();
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    /** A whole HTTP/1.1 response: status, headers, and the body, de-chunked when it came in chunks. */
    private static Reply reply(byte[] answer) {
        String text = new String(answer, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        String[] lines = text.substring(0, end).split("\r\n");
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.computeIfAbsent(lines[i].substring(0, colon).trim(), name -> new ArrayList<>())
                    .add(lines[i].substring(colon + 1).trim());
        }
        Reply head = new Reply(statusOf(text), headers, new byte[0]);
        String rest = text.substring(end + 4);
        if (!"chunked".equalsIgnoreCase(head.header("Transfer-Encoding"))) {
            return new Reply(head.status(), headers, rest.getBytes(StandardCharsets.ISO_8859_1));
        }
        StringBuilder body = new StringBuilder();
        int at = 0;
        while (true) { // size line, data, CRLF; a size of 0 ends it
            int data = rest.indexOf("\r\n", at) + 2;
            int size = Integer.parseInt(rest.substring(at, data - 2).trim(), 16);
            if (size == 0) {
                break;
            }
            body.append(rest, data, data + size);
            at = data + size + 2;
        }
        return new Reply(head.status(), headers, body.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    private static int statusOf(String text) {
        if (!text.startsWith("HTTP/1.1 ") || text.length() < 12) {
            return 0;
        }
        return Integer.parseInt(text.substring(9, 12));
    }
}
