package com.playtcha.jakarta.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jboss.arquillian.config.descriptor.api.ContainerDef;

/**
 * Payara's test domain, made, set up, started and stopped here rather than by the build and the adapter,
 * so that its ports are taken when it starts: the domain is created afresh on the ports chosen for
 * this attempt (every port a domain opens: admin, HTTP, HTTPS, JMX, ORB, JMS, OSGi shell, Hazelcast) and
 * started once: its JVM option and the system properties the scenarios need written into its domain.xml,
 * set up by the asadmin lines of {@code domain-preboot.asadmin} (the login valve, the audit) before it boots,
 * then given a file-realm user; the adapter, told it may connect to a running server, only deploys.
 *
 * <p>Every wait is bounded: asadmin's own for the DAS ({@code start-domain --timeout}, whose default is
 * ten minutes), ours for each asadmin process, and a start-domain whose DAS ended or could not bind a port
 * (it then hangs without its listener) is given up at once. A DAS is ended (SIGTERM, then SIGKILL) and
 * waited for, found by its {@code -Dcom.sun.aas.instanceRoot}: before a new domain is made (an earlier
 * run stopped midway), after the tests, after a start that failed, and when the test JVM ends.
 */
final class PayaraDomain implements ServerControl {

    static final PayaraDomain INSTANCE = new PayaraDomain();
    /** How long a loaded machine's DAS may take to start (asadmin's --timeout). */
    private static final Duration START = Duration.ofMinutes(4);
    /** How long any asadmin process may take, its own waits included. */
    private static final Duration COMMAND = START.plusMinutes(1);
    private static final Duration REAP = Duration.ofSeconds(60);
    /** The DAS's own server element in a new domain.xml, whose system properties create-system-properties would add. */
    private static final Pattern SERVER = Pattern.compile(
            "<server(?=\\s[^>]*name=\"server\")(?=\\s[^>]*config-ref=\"server-config\")[^>]*>");

    private volatile Path domainDir;

    private PayaraDomain() {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (domainDir != null) {
                reap(domainDir);
            }
        }, "payara-domain-reaper"));
    }

    @Override
    public boolean adapterStops() {
        return false;
    }

    @Override
    public List<String> ports() {
        return List.of("http", "https", "jmx", "debugger", "jms", "orb", "orb-ssl", "orb-mutualauth", "osgi-shell",
                "hazelcast-das", "hazelcast-start");
    }

    /** Makes the domain afresh on this attempt's ports: the adapter checks that it exists before it starts. */
    @Override
    public void beforeSetup(ContainerDef container, Map<String, Integer> chosen) throws IOException, InterruptedException {
        Path home = Path.of(container.getContainerProperty("payaraHome"));
        String domain = container.getContainerProperty("domain");
        Path dir = home.resolve("glassfish/domains").resolve(domain);
        domainDir = dir;
        reap(dir);
        delete(dir);
        asadmin(home, "--user=admin", "create-domain", "--nopassword=true", "--checkports=false", "--adminport=" + chosen.get("admin"),
                "--instanceport=" + chosen.get("http"), "--domainproperties=" + domainProperties(chosen), domain);
        try (Stream<Path> valves = Files.list(Path.of(required("it.payara.valve-dir")))) {
            for (Path jar : (Iterable<Path>) valves::iterator) {
                Files.copy(jar, dir.resolve("lib").resolve(jar.getFileName()));
            }
        }
        writeSettings(dir.resolve("config/domain.xml"));
    }

    /**
     * Into the new domain's domain.xml, where asadmin would write them, so that the domain's one start has them
     * and no asadmin JVM is started for them: the DAS's JVM option it.container.jvm.flags (create-jvm-options
     * could only add it to a running DAS, for its next start), and the scenarios' system properties on the
     * server (create-system-properties), the simulator's address among them.
     */
    private static void writeSettings(Path xml) throws IOException {
        String domain = Files.readString(xml);
        String options = System.getProperty("it.container.jvm.flags", "").strip();
        if (!options.isEmpty()) {
            String jvm = String.join("", java.util.Arrays.stream(options.split("\\s+"))
                    .map(option -> "  <jvm-options>" + option + "</jvm-options>\n      ").toList());
            domain = domain.replaceFirst("</java-config>", jvm + "</java-config>");
        }
        Matcher server = SERVER.matcher(domain);
        if (!server.find()) {
            throw new IllegalStateException("no <server name=\"server\"> in " + xml);
        }
        Map<String, String> properties = Map.of("playtcha.secret", Playtcha.SECRET,
                "playtcha.api-url", Playtcha.simulator().url().toString(), "example.alice-password", "it-alice-password");
        StringBuilder elements = new StringBuilder();
        properties.forEach((name, value) -> elements.append("\n      <system-property name=\"").append(name)
                .append("\" value=\"").append(value.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;"))
                .append("\"/>"));
        Files.writeString(xml, domain.substring(0, server.end()) + elements + domain.substring(server.end()));
    }

    /**
     * Starts the domain once, set up as the documentation says (docs/login.md): the login valve and the
     * security audit by the asadmin {@code set} lines of {@code domain-preboot.asadmin}, run before the server
     * boots (the valve is read at start only); then a file-realm user (the system properties are in domain.xml).
     */
    @Override
    public void beforeStart(ContainerDef container, Map<String, Integer> chosen) throws IOException, InterruptedException {
        Path home = Path.of(container.getContainerProperty("payaraHome"));
        String domain = container.getContainerProperty("domain");
        String admin = "--port=" + chosen.get("admin");
        Path conf = Path.of(required("it.payara.conf"));
        asadmin(home, "start-domain", "--timeout=" + START.toSeconds(), "--prebootcommandfile=" + conf.resolve("domain-preboot.asadmin"),
                domain);
        asadmin(home, admin, "--passwordfile=" + conf.resolve("passwords"), "create-file-user", "--groups", "user", "alice");
    }

    /**
     * Ends the DAS (SIGTERM: its shutdown hook stops the domain; SIGKILL past {@link #REAP}) and waits for it:
     * after the tests, and after a start that failed, where asadmin stop-domain would wait on a DAS that hangs.
     */
    @Override
    public void afterStop(ContainerDef container) {
        reap(Path.of(container.getContainerProperty("payaraHome"), "glassfish", "domains", container.getContainerProperty("domain")));
    }

    private static String domainProperties(Map<String, Integer> chosen) {
        return "http.ssl.port=" + chosen.get("https") + ":domain.jmxPort=" + chosen.get("jmx")
                + ":java.debugger.port=" + chosen.get("debugger") + ":jms.port=" + chosen.get("jms")
                + ":orb.listener.port=" + chosen.get("orb") + ":orb.ssl.port=" + chosen.get("orb-ssl")
                + ":orb.mutualauth.port=" + chosen.get("orb-mutualauth") + ":osgi.shell.telnet.port=" + chosen.get("osgi-shell")
                + ":hazelcast.das.port=" + chosen.get("hazelcast-das") + ":hazelcast.start.port=" + chosen.get("hazelcast-start")
                + ":hazelcast.auto.increment=false";
    }

    /** Runs asadmin, its output appended to target/payara-asadmin.log; throws on a non-zero exit or past {@link #COMMAND}. */
    private void asadmin(Path home, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/asadmin").toString()));
        command.addAll(List.of(arguments));
        Path log = Path.of(required("it.payara.conf")).resolveSibling("payara-asadmin.log");
        Files.writeString(log, "$ asadmin " + String.join(" ", arguments) + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("AS_EXTRA_JAVA_OPTS", System.getProperty("it.container.jvm.flags", ""));
        Optional<Long> before = pid(domainDir);
        Process process = builder.start();
        long deadline = System.nanoTime() + COMMAND.toNanos();
        while (!process.waitFor(1, TimeUnit.SECONDS)) {
            String failed = System.nanoTime() > deadline ? " did not end within " + COMMAND : dasFailed(before);
            if (failed != null) {
                process.destroyForcibly().waitFor(REAP.toSeconds(), TimeUnit.SECONDS);
                throw new IllegalStateException("asadmin " + String.join(" ", arguments) + failed + "\n" + tail(log) + "\n"
                        + tail(serverLog()));
            }
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("asadmin " + String.join(" ", arguments) + " failed (" + process.exitValue() + "):\n"
                    + tail(log) + "\n" + tail(serverLog()));
        }
    }

    /**
     * Why asadmin waits in vain, or null: a DAS started since {@code before} was read has ended, or it could not
     * bind a port (it then stays up without its listener; asadmin start-domain would wait for it until its timeout).
     */
    private String dasFailed(Optional<Long> before) throws IOException {
        Optional<Long> now = pid(domainDir);
        if (now.isPresent() && !now.equals(before) && ProcessHandle.of(now.get()).map(p -> !p.isAlive()).orElse(true)) {
            return ": the DAS it waits for has ended (a port in use?)";
        }
        Path log = serverLog();
        if (Files.exists(log) && Files.readString(log, java.nio.charset.StandardCharsets.ISO_8859_1).contains("java.net.BindException")) {
            return ": the DAS could not bind a port (java.net.BindException: address already in use)";
        }
        return null;
    }

    private Path serverLog() {
        return domainDir.resolve("logs/server.log");
    }

    /**
     * Ends the domain's DAS if it still runs, found by its {@code -Dcom.sun.aas.instanceRoot} (a DAS that hangs
     * before it wrote its pid file too), and waits for it to be gone.
     */
    static void reap(Path dir) {
        String root = "-Dcom.sun.aas.instanceRoot=" + dir.toAbsolutePath();
        ProcessHandle.allProcesses().filter(p -> p.info().commandLine().map(line -> line.contains(root)).orElse(false))
                .forEach(process -> {
                    System.out.println("[it] ending Payara's DAS " + process.pid() + " of " + dir);
                    process.destroy();
                    try {
                        process.onExit().get(REAP.toSeconds(), TimeUnit.SECONDS);
                    } catch (Exception e) {
                        process.destroyForcibly();
                        process.onExit().join();
                    }
                });
    }

    private static Optional<Long> pid(Path dir) {
        try {
            Path file = dir.resolve("config/pid");
            return Files.exists(file) ? Optional.of(Long.parseLong(Files.readString(file).strip())) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static void delete(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                    Files.delete(file);
                }
            }
        }
    }

    private static String tail(Path log) throws IOException {
        if (!Files.exists(log)) {
            return "(no " + log + ")";
        }
        List<String> lines = Files.readAllLines(log, java.nio.charset.StandardCharsets.ISO_8859_1);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException(property + " (set by the POM's Failsafe configuration)");
        }
        return value;
    }
}
