package com.playtcha.jakarta.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code redis-server} as a child process on a free loopback port, without persistence, for the
 * benchmarks' Redis rows; and what it answered so far: the scripts it ran ({@code EVALSHA} and {@code EVAL}
 * in {@code INFO commandstats}), each one round trip of a node. Absent: {@link #available} says so.
 */
final class RedisProcess implements AutoCloseable {

    private static final Path BINARY = Path.of("/usr/bin/redis-server");

    private final Process process;
    private final int port;

    private RedisProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static boolean available() {
        return Files.isExecutable(BINARY);
    }

    static RedisProcess start() throws IOException, InterruptedException {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Path dir = Files.createTempDirectory("bench-redis");
        Process process = new ProcessBuilder(List.of(BINARY.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no", "--dir", dir.toString())).redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        RedisProcess redis = new RedisProcess(process, port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                redis.info("server");
                return redis;
            } catch (IllegalStateException notYet) {
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    throw new IOException("redis-server did not start", notYet);
                }
                Thread.sleep(10);
            }
        }
    }

    String uri() {
        return "redis://127.0.0.1:" + port + "/0";
    }

    /** The scripts the server ran since it started: each a round trip of one node's. */
    long scripts() {
        long sum = 0;
        for (String line : info("commandstats").split("\r\n")) {
            if (line.startsWith("cmdstat_evalsha:") || line.startsWith("cmdstat_eval:")) {
                sum += Long.parseLong(line.substring(line.indexOf("calls=") + 6, line.indexOf(',', line.indexOf("calls="))));
            }
        }
        return sum;
    }

    /** The server's CPU so far, user and system, in seconds ({@code INFO cpu}). */
    double cpuSeconds() {
        double sum = 0;
        for (String line : info("cpu").split("\r\n")) {
            if (line.startsWith("used_cpu_sys:") || line.startsWith("used_cpu_user:")) {
                sum += Double.parseDouble(line.substring(line.indexOf(':') + 1));
            }
        }
        return sum;
    }

    private String info(String section) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(5_000);
            s.getOutputStream().write(("INFO " + section + "\r\n").getBytes(StandardCharsets.UTF_8));
            InputStream in = s.getInputStream();
            StringBuilder header = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                header.append((char) c);
            }
            return new String(in.readNBytes(Integer.parseInt(header.toString().trim().substring(1))), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(e);
        }
    }

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
