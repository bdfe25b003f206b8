package com.playtcha.jakarta.benchmarks;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A keep-alive server in its own JVM that answers every post with one fixed success, so that what
 * {@link AsyncVerifyBenchmark} measures in its own JVM is the clients' work alone (FIELD-NOTES' harness):
 * Jetty 12's core handler, the body read whole and dropped, the reply written from one buffer. It speaks a line
 * protocol on stdin/stdout: it first writes {@code ready <port>}; {@code count} answers the posts served so far;
 * {@code quit} (or the end of stdin) stops it.
 */
public final class FixedReplyServer {

    static final String REPLY = "{\"success\":true,\"degraded\":false,\"request_id\":\"req_bench\"}";

    private FixedReplyServer() {
    }

    public static void main(String[] args) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(600, 16);
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        connector.setAcceptQueueSize(1024); // a burst of hundreds of connections must not meet a full backlog (FIELD-NOTES)
        server.addConnector(connector);
        AtomicLong posts = new AtomicLong();
        byte[] reply = REPLY.getBytes(StandardCharsets.US_ASCII);
        server.setHandler(new Handler.Abstract.NonBlocking() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                Content.Source.consumeAll(request, Callback.from(() -> {
                    posts.incrementAndGet();
                    response.setStatus(200);
                    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
                    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, reply.length);
                    response.write(true, ByteBuffer.wrap(reply), callback);
                }, callback::failed));
                return true;
            }
        });
        server.start();
        System.out.println("ready " + connector.getLocalPort());
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null && !line.equals("quit"); line = in.readLine()) {
            System.out.println(line.equals("count") ? String.valueOf(posts.get()) : "unknown command");
            System.out.flush();
        }
        server.stop();
    }
}
