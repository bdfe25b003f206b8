package com.playtcha.jakarta.benchmarks;

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
 * Debian's {@code redis-server} as child processes on free loopback ports, without persistence, for the
 * benchmarks' Redis rows: one server ({@link #start}), a Sentinel group (a primary, two replicas, three
 * Sentinels: {@link #sentinelGroup}) or a Redis Cluster (three primaries with a replica each, made with
 * {@code redis-cli --cluster create}: {@link #cluster}); and what their primaries answered so far: the
 * scripts they ran ({@code EVALSHA} and {@code EVAL} in {@code INFO commandstats}), each one round trip of
 * a node, the {@code WAIT}s sent with them, and their CPU. Absent: {@link #available} says so.
 */
final class RedisProcess implements AutoCloseable {

    private static final Path BINARY = Path.of("/usr/bin/redis-server");
    private static final Path CLI = Path.of("/usr/bin/redis-cli");

    private final List<Process> processes = new ArrayList<>();
    /** The data nodes' ports (primaries and replicas). */
    private final List<Integer> ports = new ArrayList<>();
    private String uri;

    private RedisProcess() {
    }

    static boolean available() {
        return Files.isExecutable(BINARY) && Files.isExecutable(CLI);
    }

    /** One server: {@code redis://127.0.0.1:port/0}. */
    static RedisProcess start() throws IOException, InterruptedException {
        RedisProcess redis = new RedisProcess();
        int port = redis.server(List.of());
        redis.uri = "redis://127.0.0.1:" + port + "/0";
        return redis;
    }

    /** A topology by name: {@code single}, {@code sentinel}, {@code cluster}. */
    static RedisProcess of(String topology) throws IOException, InterruptedException {
        return switch (topology) {
            case "sentinel" -> sentinelGroup();
            case "cluster" -> cluster();
            default -> start();
        };
    }

    /** The topologies the benchmarks run, with what a row calls each. */
    static final List<String[]> TOPOLOGIES = List.of(new String[] {"single", "Redis 7, one server"},
            new String[] {"sentinel", "Redis 7, Sentinel (a primary, 2 replicas)"},
            new String[] {"cluster", "Redis 7, Cluster (3 primaries, a replica each)"});

    /** A primary, two replicas and three Sentinels (quorum 2): {@code redis-sentinel://s1,s2,s3/0#bench}. */
    static RedisProcess sentinelGroup() throws IOException, InterruptedException {
        return started(RedisProcess::group);
    }

    /** What makes a topology's processes, on a {@link RedisProcess} that closes them all should it fail. */
    private interface Maker {
        void make(RedisProcess redis) throws IOException, InterruptedException;
    }

    private static RedisProcess started(Maker maker) throws IOException, InterruptedException {
        RedisProcess redis = new RedisProcess();
        try {
            maker.make(redis);
            return redis;
        } catch (IOException | InterruptedException | RuntimeException e) {
            redis.close();
            throw e;
        }
    }

    private void group() throws IOException, InterruptedException {
        RedisProcess redis = this;
        int primary = redis.server(List.of());
        for (int i = 0; i < 2; i++) {
            int replica = redis.server(List.of("--replicaof", "127.0.0.1", Integer.toString(primary)));
            redis.awaitInfo(replica, "replication", "master_link_status:up"); // synced: it acknowledges writes (WAIT)
        }
        StringBuilder sentinels = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            Path dir = Files.createTempDirectory("bench-sentinel");
            Path conf = dir.resolve("sentinel.conf");
            Files.writeString(conf, "sentinel monitor bench 127.0.0.1 " + primary + " 2\nsentinel down-after-milliseconds bench 1000\n");
            int port = free();
            redis.spawn(List.of(BINARY.toString(), conf.toString(), "--sentinel", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--dir", dir.toString()), dir, port);
            sentinels.append(i == 0 ? "" : ",").append("127.0.0.1:").append(port);
        }
        redis.awaitInfo(primary, "replication", "connected_slaves:2");
        redis.uri = "redis-sentinel://" + sentinels + "/0#bench";
    }

    /** Three primaries with a replica each: {@code redis://} naming the first three nodes. */
    static RedisProcess cluster() throws IOException, InterruptedException {
        return started(RedisProcess::shards);
    }

    private void shards() throws IOException, InterruptedException {
        RedisProcess redis = this;
        List<String> create = new ArrayList<>(List.of(CLI.toString(), "--cluster", "create"));
        for (int i = 0; i < 6; i++) {
            int port = redis.server(List.of("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout",
                    "2000", "--cluster-port", Integer.toString(free())));
            create.add("127.0.0.1:" + port);
        }
        create.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
        Process cli = new ProcessBuilder(create).redirectErrorStream(true).start();
        cli.getInputStream().readAllBytes();
        if (cli.waitFor() != 0) {
            throw new IOException("redis-cli --cluster create failed");
        }
        for (int port : redis.ports) {
            redis.awaitInfo(port, "cluster", "cluster_enabled:1");
            redis.awaitCommand(port, "CLUSTER INFO", "cluster_state:ok");
        }
        for (int port : redis.ports) {
            if (bulk(port, "INFO replication").contains("role:slave")) {
                redis.awaitInfo(port, "replication", "master_link_status:up"); // synced: it acknowledges writes (WAIT)
            }
        }
        redis.uri = "redis://127.0.0.1:" + redis.ports.get(0) + ",127.0.0.1:" + redis.ports.get(1) + ",127.0.0.1:" + redis.ports.get(2);
    }

    private int server(List<String> options) throws IOException, InterruptedException {
        int port = free();
        Path dir = Files.createTempDirectory("bench-redis");
        List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save",
                "", "--appendonly", "no", "--dir", dir.toString()));
        command.addAll(options);
        spawn(command, dir, port);
        ports.add(port);
        return port;
    }

    private void spawn(List<String> command, Path dir, int port) throws IOException, InterruptedException {
        processes.add(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start());
        awaitInfo(port, "server", "redis_version");
    }

    private void awaitInfo(int port, String section, String line) throws IOException, InterruptedException {
        awaitCommand(port, "INFO " + section, line);
    }

    private void awaitCommand(int port, String command, String line) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                if (bulk(port, command).contains(line)) {
                    return;
                }
            } catch (IllegalStateException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("redis-server on " + port + " did not answer " + line + " to " + command);
            }
            Thread.sleep(10);
        }
    }

    private static int free() throws IOException {
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return free.getLocalPort();
        }
    }

    String uri() {
        return uri;
    }

    /** The scripts the data nodes ran since they started: each a round trip of one node's. */
    long scripts() {
        return stat("cmdstat_evalsha:") + stat("cmdstat_eval:");
    }

    /** The {@code WAIT}s they answered: each sent with a claim's script, in the same round trip. */
    long waits() {
        return stat("cmdstat_wait:");
    }

    private long stat(String prefix) {
        long sum = 0;
        for (int port : ports) {
            for (String line : bulk(port, "INFO commandstats").split("\r\n")) {
                if (line.startsWith(prefix)) {
                    sum += Long.parseLong(line.substring(line.indexOf("calls=") + 6, line.indexOf(',', line.indexOf("calls="))));
                }
            }
        }
        return sum;
    }

    /** The data nodes' CPU so far, user and system, in seconds ({@code INFO cpu}), replicas included. */
    double cpuSeconds() {
        double sum = 0;
        for (int port : ports) {
            for (String line : bulk(port, "INFO cpu").split("\r\n")) {
                if (line.startsWith("used_cpu_sys:") || line.startsWith("used_cpu_user:")) {
                    sum += Double.parseDouble(line.substring(line.indexOf(':') + 1));
                }
            }
        }
        return sum;
    }

    /** A command's bulk-string answer ({@code INFO}, {@code CLUSTER INFO}). */
    private static String bulk(int port, String command) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(5_000);
            s.getOutputStream().write((command + "\r\n").getBytes(StandardCharsets.UTF_8));
            InputStream in = s.getInputStream();
            StringBuilder header = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c == -1) { // closed before a whole line (a server starting or changing its role drops its clients)
                    throw new IOException("closed");
                }
                header.append((char) c);
            }
            if (header.isEmpty() || header.charAt(0) != '$') { // an error (LOADING, say) rather than the section: not yet
                throw new IOException(header.toString().trim());
            }
            return new String(in.readNBytes(Integer.parseInt(header.toString().trim().substring(1))), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        for (Process process : processes) {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
