package com.playtcha.jakarta.internal.http;

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
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small HTTP forward proxy on 127.0.0.1, the kind an enterprise network puts between an
 * application server and the internet: it forwards plain-http requests in absolute form (with
 * {@code Connection: close} to the origin, so one request a connection), tunnels {@code CONNECT}
 * for https, and, given a user, answers requests without the right {@code Proxy-Authorization}
 * with 407 and a Basic challenge on the same connection. It counts what it did and keeps every
 * request head as the origin got it.
 */
final class ForwardingProxy implements AutoCloseable {

    final AtomicInteger tunnels = new AtomicInteger();
    final AtomicInteger forwards = new AtomicInteger();
    final AtomicInteger challenges = new AtomicInteger();
    /** Every {@code Proxy-Authorization} value the proxy was sent. */
    final List<String> proxyAuthorizations = Collections.synchronizedList(new ArrayList<>());
    /** The heads of forwarded requests, as the origin got them. */
    final List<String> forwardedHeads = Collections.synchronizedList(new ArrayList<>());
    /** When not 0, the status every CONNECT is refused with, as a proxy whose policy denies the host. */
    volatile int refuseTunnelsWith;

    private final ServerSocket server;
    private final String expected;
    private final ExecutorService threads = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "test-proxy");
        thread.setDaemon(true);
        return thread;
    });

    private ForwardingProxy(ServerSocket server, String user, String password) {
        this.server = server;
        this.expected = user == null ? null
                : "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** A proxy that wants no credentials ({@code user} null) or these. */
    static ForwardingProxy start(String user, String password) throws IOException {
        ForwardingProxy proxy = new ForwardingProxy(new ServerSocket(0, 128, InetAddress.getLoopbackAddress()), user, password);
        proxy.threads.execute(proxy::accept);
        return proxy;
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                threads.execute(() -> serve(client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = new BufferedInputStream(client.getInputStream());
            OutputStream out = client.getOutputStream();
            List<String> head;
            while ((head = readHead(in)) != null) {
                String[] requestLine = head.get(0).split(" ");
                String authorization = header(head, "proxy-authorization");
                if (authorization != null) {
                    proxyAuthorizations.add(authorization);
                }
                byte[] body = in.readNBytes(contentLength(head));
                if (expected != null && !expected.equals(authorization)) {
                    challenges.incrementAndGet();
                    out.write(("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test-proxy\"\r\n"
                            + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                } else if (requestLine[0].equals("CONNECT") && refuseTunnelsWith != 0) {
                    out.write(("HTTP/1.1 " + refuseTunnelsWith + " Refused\r\nContent-Type: text/plain\r\nContent-Length: 6\r\n\r\n"
                            + "denied").getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                } else if (requestLine[0].equals("CONNECT")) {
                    tunnel(requestLine[1], client, in, out);
                    return;
                } else {
                    forward(requestLine, head, body, out);
                    return;
                }
            }
        } catch (IOException gone) {
            // the client or the origin went away: so does this connection
        }
    }

    private void tunnel(String authority, Socket client, InputStream in, OutputStream out) throws IOException {
        tunnels.incrementAndGet();
        int colon = authority.lastIndexOf(':');
        try (Socket origin = new Socket(authority.substring(0, colon), Integer.parseInt(authority.substring(colon + 1)))) {
            out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            threads.execute(() -> pump(origin, client));
            pump(in, origin);
        }
    }

    private void forward(String[] requestLine, List<String> head, byte[] body, OutputStream out) throws IOException {
        forwards.incrementAndGet();
        URI target = URI.create(requestLine[1]);
        StringBuilder sent = new StringBuilder(requestLine[0] + " " + target.getRawPath() + " " + requestLine[2] + "\r\n");
        for (String line : head.subList(1, head.size())) {
            String name = line.substring(0, line.indexOf(':')).toLowerCase(Locale.ROOT);
            if (!name.startsWith("proxy-") && !name.equals("connection")) {
                sent.append(line).append("\r\n");
            }
        }
        sent.append("Connection: close\r\n\r\n");
        forwardedHeads.add(sent.toString());
        try (Socket origin = new Socket(target.getHost(), target.getPort())) {
            OutputStream toOrigin = origin.getOutputStream();
            toOrigin.write(sent.toString().getBytes(StandardCharsets.ISO_8859_1));
            toOrigin.write(body);
            toOrigin.flush();
            origin.getInputStream().transferTo(out);
        }
    }

    private void pump(Socket from, Socket to) {
        try {
            pump(from.getInputStream(), to);
        } catch (IOException gone) {
            // closed below
        }
    }

    private static void pump(InputStream from, Socket to) {
        try {
            from.transferTo(to.getOutputStream());
        } catch (IOException gone) {
            // one side closed
        } finally {
            try {
                to.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    /** The head's lines without the blank one, or {@code null} at the end of the stream. */
    private static List<String> readHead(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            bytes.write(b);
            byte[] so = bytes.toByteArray();
            int n = so.length;
            if (n >= 4 && so[n - 4] == '\r' && so[n - 3] == '\n' && so[n - 2] == '\r' && so[n - 1] == '\n') {
                String text = new String(so, 0, n - 4, StandardCharsets.ISO_8859_1);
                return List.of(text.split("\r\n"));
            }
        }
        return null;
    }

    private static String header(List<String> head, String lowerCaseName) {
        for (String line : head.subList(1, head.size())) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(lowerCaseName)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    private static int contentLength(List<String> head) {
        String length = header(head, "content-length");
        return length == null ? 0 : Integer.parseInt(length);
    }

    @Override
    public void close() throws IOException {
        server.close();
        threads.shutdownNow();
    }
}
