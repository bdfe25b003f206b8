package com.playtcha.jakarta.it.tomcat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's {@code tomcat10} package, run the way its systemd unit runs it
 * ({@code /usr/libexec/tomcat10/tomcat-start.sh} with {@code CATALINA_HOME=/usr/share/tomcat10}), as
 * the {@code tomcat} user when the build runs as root (Debian's {@code server.xml} enables the
 * {@code SecurityListener}, which refuses root), on a CATALINA_BASE of its own in a temporary
 * directory: the package's configuration, a free HTTP port, a {@code bin/setenv.sh} and a WAR.
 */
final class DebianTomcat implements AutoCloseable {

    static final Path HOME = Path.of("/usr/share/tomcat10");
    static final Path CATALINA = HOME.resolve("bin/catalina.sh");
    /** What tomcat10.service runs; it sources /etc/default/tomcat10 and execs catalina.sh run. */
    static final Path START = Path.of("/usr/libexec/tomcat10/tomcat-start.sh");
    /** The package's pristine configuration (readable by all), else the installed one. */
    private static final List<Path> CONF = List.of(HOME.resolve("etc"), Path.of("/etc/tomcat10"));
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    private final Path base;
    private final int port;
    private Process process;

    private DebianTomcat(Path base, int port) {
        this.base = base;
        this.port = port;
    }

    static boolean installed() {
        return Files.isExecutable(CATALINA);
    }

    /** A fresh CATALINA_BASE with {@code setenv} as bin/setenv.sh and {@code war} in webapps/ as {@code warName}. */
    static DebianTomcat prepare(String setenv, Path war, String warName) throws IOException {
        Path base = Files.createTempDirectory("playtcha-debian-tomcat10-");
        for (String dir : List.of("conf", "webapps", "logs", "temp", "work", "bin", "lib")) {
            Files.createDirectories(base.resolve(dir));
        }
        Path conf = CONF.stream().filter(p -> Files.isReadable(p.resolve("server.xml"))).findFirst()
                .orElseThrow(() -> new IllegalStateException("no readable server.xml in " + CONF));
        try (Stream<Path> files = Files.list(conf)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, base.resolve("conf").resolve(file.getFileName()));
            }
        }
        int port = freePort();
        Path serverXml = base.resolve("conf/server.xml");
        String xml = Files.readString(serverXml);
        if (!xml.contains("port=\"8080\"")) {
            throw new IllegalStateException("Debian's server.xml no longer has the port=\"8080\" connector: " + serverXml);
        }
        Files.writeString(serverXml, xml.replace("port=\"8080\"", "port=\"" + port + "\""));
        Files.writeString(base.resolve("bin/setenv.sh"), setenv);
        Files.copy(war, base.resolve("webapps").resolve(warName));
        if (ROOT) {
            chownToTomcat(base);
        }
        return new DebianTomcat(base, port);
    }

    /** Starts it, its console going to {@code log}. */
    void start(Path log) throws IOException {
        List<String> command = new ArrayList<>();
        if (ROOT) {
            // setpriv execs (no fork), so the SIGTERM of close() reaches Tomcat's JVM itself.
            command.addAll(List.of("setpriv", "--reuid=tomcat", "--regid=tomcat", "--init-groups"));
        }
        command.addAll(Files.isExecutable(START) ? List.of("/bin/sh", START.toString())
                : List.of(CATALINA.toString(), "run"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(Map.of("CATALINA_HOME", HOME.toString(), "CATALINA_BASE", base.toString(),
                "CATALINA_TMPDIR", base.resolve("temp").toString()));
        process = builder.start();
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    URL url(String contextPath) throws IOException {
        return URI.create("http://127.0.0.1:" + port + contextPath + "/").toURL();
    }

    /** Stops Tomcat (SIGTERM: its shutdown hook stops the applications) and deletes the CATALINA_BASE. */
    @Override
    public void close() throws IOException {
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.toHandle().destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        try (Stream<Path> all = Files.walk(base)) {
            for (Path path : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void chownToTomcat(Path base) throws IOException {
        FileSystem fs = base.getFileSystem();
        UserPrincipal user = fs.getUserPrincipalLookupService().lookupPrincipalByName("tomcat");
        GroupPrincipal group = fs.getUserPrincipalLookupService().lookupPrincipalByGroupName("tomcat");
        try (Stream<Path> all = Files.walk(base)) {
            for (Path path : all.toList()) {
                PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
                view.setOwner(user);
                view.setGroup(group);
            }
        }
    }
}
