package com.playtcha.jakarta.redis;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.playtcha.jakarta.core.PlaytchaSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} (Debian's package, {@code apt-get install redis-server}) as a child process
 * on a free loopback port, without persistence ({@code --save '' --appendonly no}), for one test class;
 * the tests that need it are skipped, saying so, where it is not installed. {@link #stop} and
 * {@link #start} again on the same port are a restart that forgets everything.
 */
final class RedisServer implements AutoCloseable {

    private static final Path BINARY = Path.of("/usr/bin/redis-server");

    private final int port;
    private final Path dir;
    private Process process;
    /** What the last start gave beside the port: a restart gives the same. */
    private List<String> options = List.of();
    /** A Sentinel's configuration file, or {@code null} for a server. */
    private Path sentinelConf;

    private RedisServer(int port, Path dir) {
        this.port = port;
        this.dir = dir;
    }

    /** A server started, or the test skipped when {@code redis-server} is not installed. */
    static RedisServer start() throws IOException, InterruptedException {
        return start(List.of());
    }

    /** The same with more of redis-server's options. */
    static RedisServer start(List<String> options) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(BINARY), "redis-server is not installed (apt-get install redis-server): the Redis tests are skipped");
        for (int attempt = 1; ; attempt++) {
            RedisServer server = new RedisServer(freePort(), Files.createTempDirectory("playtcha-redis"));
            try {
                server.startAgain(options);
                return server;
            } catch (IOException e) {
                server.close();
                // another process took the port between its choice and redis-server's bind: a new one
                if (attempt == 3 || !String.valueOf(e.getMessage()).contains("Address already in use")) {
                    throw e;
                }
            }
        }
    }

    /** A loopback port free a moment ago (taken from the system at bind time, then let go for the server to bind). */
    static int freePort() throws IOException {
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return free.getLocalPort();
        }
    }

    /** Where the server keeps its files (its log: {@code redis.log}). */
    Path dir() {
        return dir;
    }

    /**
     * A Sentinel ({@code redis-server <conf> --sentinel}) watching the primary on {@code primaryPort} as {@code group},
     * with {@code quorum}, a primary taken for down after a second without an answer.
     */
    static RedisServer sentinel(int primaryPort, String group, int quorum) throws IOException, InterruptedException {
        return sentinel(primaryPort, group, quorum, List.of());
    }

    /** The same, with more lines of its configuration file, like {@code requirepass ...} or {@code sentinel auth-pass ...}. */
    static RedisServer sentinel(int primaryPort, String group, int quorum, List<String> conf) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(BINARY), "redis-server is not installed (apt-get install redis-server): the Redis tests are skipped");
        RedisServer sentinel = new RedisServer(freePort(), Files.createTempDirectory("playtcha-sentinel"));
        sentinel.sentinelConf = sentinel.dir.resolve("sentinel.conf");
        List<String> lines = new java.util.ArrayList<>(List.of("sentinel monitor " + group + " 127.0.0.1 " + primaryPort + " " + quorum,
                "sentinel down-after-milliseconds " + group + " 1000", "sentinel failover-timeout " + group + " 10000",
                "sentinel parallel-syncs " + group + " 1"));
        lines.addAll(conf);
        lines.add("");
        Files.writeString(sentinel.sentinelConf, String.join("\n", lines));
        sentinel.startAgain(List.of());
        return sentinel;
    }

    /** Starts the server (again, empty) on its port, with the options of its last start; returns once it answers {@code PING}. */
    void startAgain() throws IOException, InterruptedException {
        startAgain(options);
    }

    /** The same with more of redis-server's options, like {@code --user ...}. */
    void startAgain(List<String> options) throws IOException, InterruptedException {
        this.options = List.copyOf(options);
        List<String> command = new java.util.ArrayList<>(List.of(BINARY.toString()));
        if (sentinelConf != null) {
            command.addAll(List.of(sentinelConf.toString(), "--sentinel"));
        }
        command.addAll(List.of("--port", Integer.toString(port), "--bind", "127.0.0.1", "--dir", dir.toString(), "--protected-mode", "yes"));
        if (sentinelConf == null) {
            command.addAll(List.of("--save", "", "--appendonly", "no"));
        }
        command.addAll(options);
        process = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        // Its own log says it listens (a Sentinel: that it took its ID, which it logs once listening), so a PING
        // answered is this server's, not another process's on the port.
        String listening = sentinelConf == null ? "Ready to accept connections" : "Sentinel ID is";
        while (!Files.readString(dir.resolve("redis.log")).contains(listening)
                || send("PING") == null || send("PING").isEmpty()) { // +PONG, or -NOAUTH from a server that wants a login
            if (!process.isAlive() || System.nanoTime() > deadline) {
                stop(); // a server that did not start in time is not left running after the test
                throw new IOException("redis-server did not start: " + Files.readString(dir.resolve("redis.log")));
            }
            Thread.sleep(10);
        }
    }

    /** Stops the server at once (SIGKILL: what it held is gone) and waits for it to be gone. */
    void stop() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** Freezes the server (SIGSTOP): it answers nothing, its replication included, until {@link #resume}. */
    void freeze() throws IOException, InterruptedException {
        signal("-STOP");
    }

    /** Lets a frozen server go on (SIGCONT). */
    void resume() throws IOException, InterruptedException {
        signal("-CONT");
    }

    private void signal(String which) throws IOException, InterruptedException {
        if (new ProcessBuilder("kill", which, Long.toString(process.pid())).inheritIO().start().waitFor() != 0) {
            throw new IOException("kill " + which + " " + process.pid() + " failed");
        }
    }

    int port() {
        return port;
    }

    /** The URI of this server's database {@code db}. */
    String uri(int db) {
        return "redis://127.0.0.1:" + port + "/" + db;
    }

    PlaytchaSettings.Redis redis(int db) {
        return new PlaytchaSettings.Redis(uri(db));
    }

    /** One inline command's first line of answer (RESP), or {@code null} when nothing answers. */
    String send(String command) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(5_000);
            OutputStream out = s.getOutputStream();
            out.write((command + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = s.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != -1 && c != '\r'; c = in.read()) {
                line.append((char) c);
            }
            return line.toString();
        } catch (IOException refused) {
            return null;
        }
    }

    /**
     * One command's whole answer (RESP), flattened: a status, an error, a number or a string is one element; an
     * array its elements in order (a nil one {@code null}). Empty when nothing answers.
     */
    List<String> reply(String command) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write((command + "\r\n").getBytes(StandardCharsets.UTF_8));
            List<String> out = new java.util.ArrayList<>();
            read(new java.io.DataInputStream(new java.io.BufferedInputStream(s.getInputStream())), out);
            return out;
        } catch (IOException refused) {
            return List.of();
        }
    }

    private static void read(java.io.DataInputStream in, List<String> out) throws IOException {
        String line = line(in);
        switch (line.charAt(0)) {
            case '*' -> {
                for (int i = Integer.parseInt(line.substring(1)); i > 0; i--) {
                    read(in, out);
                }
            }
            case '$' -> {
                int length = Integer.parseInt(line.substring(1));
                if (length < 0) {
                    out.add(null);
                } else {
                    byte[] bulk = new byte[length];
                    in.readFully(bulk);
                    line(in);
                    out.add(new String(bulk, StandardCharsets.UTF_8));
                }
            }
            default -> out.add(line);
        }
    }

    private static String line(java.io.DataInputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\r'; c = in.read()) {
            if (c == -1) {
                throw new IOException("closed");
            }
            line.append((char) c);
        }
        in.read();
        return line.toString();
    }

    /** The count of calls of one command since the server started ({@code INFO commandstats}), e.g. {@code evalsha}. */
    long calls(String command) {
        String stats = info("commandstats");
        for (String line : stats.split("\r\n")) {
            if (line.startsWith("cmdstat_" + command + ":calls=")) {
                return Long.parseLong(line.substring(line.indexOf('=') + 1, line.indexOf(',')));
            }
        }
        return 0;
    }

    /** All commands the server answered since it started (the sum of {@code INFO commandstats}), round trips for one client. */
    long calls() {
        long sum = 0;
        for (String line : info("commandstats").split("\r\n")) {
            if (line.startsWith("cmdstat_")) {
                sum += Long.parseLong(line.substring(line.indexOf("calls=") + 6, line.indexOf(',', line.indexOf("calls="))));
            }
        }
        return sum;
    }

    /** A section of {@code INFO}, read whole (a bulk string). */
    String info(String section) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(5_000);
            s.getOutputStream().write(("INFO " + section + "\r\n").getBytes(StandardCharsets.UTF_8));
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
            int length = Integer.parseInt(header.toString().trim().substring(1));
            return new String(in.readNBytes(length), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (process != null) {
            try {
                resume(); // a frozen server ends only once it runs again
            } catch (IOException | InterruptedException | RuntimeException ignored) {
                // it was not frozen, or is gone
            }
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
