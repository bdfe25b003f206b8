package com.playtcha.jakarta.servlet;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes bytes no well-behaved client sends (control characters in a header, a body shorter than
 * its Content-Length) on a plain socket, and reads whatever comes back until the server closes.
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
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
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
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(bodyStart);
            out.flush();
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

    private static int statusOf(String text) {
        if (!text.startsWith("HTTP/1.1 ") || text.length() < 12) {
            return 0;
        }
        return Integer.parseInt(text.substring(9, 12));
    }
}
