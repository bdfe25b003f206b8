package com.playtcha.jakarta.testredis;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} (Debian's package) as a child process on a free loopback port, without
 * persistence, for one test class; skipped, saying so, where it is not installed. It only starts, answers
 * and stops: the Spring Boot starter's tests (the application's own Redis), the reactive login's (two
 * nodes on one Redis) and examples/quarkus-login's (two started instances on one Redis) use it. The Redis
 * module's tests keep their own, which also restarts a server and starts Sentinels.
 *
 * <pre>{@code
 * RedisServer redis = RedisServer.start(List.of());
 * ... "playtcha.redis.uri=redis://127.0.0.1:" + redis.port() ...
 * redis.close();
 * }</pre>
 *
 * <p>The port is free when it is chosen; should another process take it before the server binds it, the
 * start tries another, twice at most. A server that does not start is stopped before the test fails.
 */
public final class RedisServer implements AutoCloseable {

    private static final Path BINARY = Path.of("/usr/bin/redis-server");

    private final int port;
    private final Process process;

    private RedisServer(int port, Process process) {
        this.port = port;
        this.process = process;
    }

    /** A server started with these options of redis-server's (like {@code --user ...}), answering; or the test skipped. */
    public static RedisServer start(List<String> options) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(BINARY), "redis-server is not installed (apt-get install redis-server): the Redis tests are skipped");
        for (int attempt = 1; ; attempt++) {
            try {
                return startOnFreePort(options);
            } catch (IOException e) {
                // another process took the port between its choice and redis-server's bind: another port
                if (attempt == 3 || !String.valueOf(e.getMessage()).contains("Address already in use")) {
                    throw e;
                }
            }
        }
    }

    private static RedisServer startOnFreePort(List<String> options) throws IOException, InterruptedException {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Path dir = Files.createTempDirectory("playtcha-redis");
        List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString()));
        command.addAll(options);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        RedisServer server = new RedisServer(port, process);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        // its own log says it listens, so the PING answered is this server's, not another process's on the port
        while (!Files.readString(dir.resolve("redis.log")).contains("Ready to accept connections") || !server.answers()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                server.close();
                throw new IOException("redis-server did not start: " + Files.readString(dir.resolve("redis.log")));
            }
            Thread.sleep(10);
        }
        return server;
    }

    public int port() {
        return port;
    }

    /** Whether anything answers {@code PING} (+PONG, or -NOAUTH from a server that wants a login). */
    private boolean answers() {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(5_000);
            s.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.UTF_8));
            InputStream in = s.getInputStream();
            return in.read() != -1;
        } catch (IOException refused) {
            return false;
        }
    }

    /** Stops the server and waits for its process to end. */
    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
