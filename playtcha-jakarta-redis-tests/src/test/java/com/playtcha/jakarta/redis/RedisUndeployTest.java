package com.playtcha.jakarta.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.testing.Fault;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.ref.WeakReference;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An application on Redis undeployed from a real Tomcat (10.1, embedded in this JVM) leaves nothing of
 * itself: a WAR of the library, this module and their jars (Lettuce, Netty, Reactor, Bucket4j) in its
 * {@code WEB-INF/lib}, loaded by its own web application class loader, serves verifies (and, Playtcha
 * away, claims on Redis from Tomcat's request threads), and is undeployed: on one server, on a Sentinel group
 * and on a Redis Cluster. Tomcat logs no SEVERE line (it
 * reports a thread an application left running and a thread-local it left on Tomcat's threads, Netty's
 * {@code InternalThreadLocalMap} among them), and the application's class loader is collected: awaited,
 * a garbage collection at a time, for at most two minutes.
 */
@ExtendWith(PlaytchaSimulatorExtension.class)
class RedisUndeployTest {

    @Test
    @Timeout(600)
    void anUndeployedApplication_leavesNoThreadNoThreadLocal_andItsClassLoaderIsCollected(PlaytchaSimulator sim) throws Exception {
        try (RedisServer server = RedisServer.start()) {
            undeployed(sim, server.uri(0));
        }
    }

    /** The same on a Sentinel group, whose lookups run on Reactor's timers. */
    @Test
    @Timeout(600)
    void anUndeployedApplicationOnSentinels_leavesNothingEither(PlaytchaSimulator sim) throws Exception {
        try (SentinelGroup group = SentinelGroup.start()) {
            undeployed(sim, group.uri());
        }
    }

    /** The same on a Redis Cluster, whose client reads the slots on timers of its own. */
    @Test
    @Timeout(600)
    void anUndeployedApplicationOnACluster_leavesNothingEither(PlaytchaSimulator sim) throws Exception {
        try (ClusterNodes cluster = ClusterNodes.start()) {
            undeployed(sim, cluster.uri(2));
        }
    }

    /**
     * A Redis that refuses the node (a wrong password) fails the deployment, and the library's own ERROR line,
     * which the server's main log shows (catalina.log on Tomcat, not only the application's localhost log),
     * names {@code playtcha.redis.uri}, its password masked.
     */
    @Test
    @Timeout(600)
    void aRedisThatRefusesTheNode_failsTheDeployment_andTheLibrarysErrorLineNamesTheKey(PlaytchaSimulator sim) throws Exception {
        Path base = Files.createTempDirectory("playtcha-refused");
        List<LogRecord> severe = new ArrayList<>();
        Handler watch = severe(severe);
        Logger.getLogger("").addHandler(watch);
        try (RedisServer server = RedisServer.start(List.of("--user", "default", "off", "--user", "playtcha", "on", ">right", "~playtcha:*",
                "+@all"))) {
            Tomcat tomcat = tomcat(base);
            tomcat.start();
            try {
                Context app = tomcat.addWebapp("/app", war(base.resolve("app"), sim, "redis://playtcha:wr0ng-pass@127.0.0.1:" + server.port()
                        + "/0").toString());
                assertFalse(app.getState().isAvailable(), "the deployment failed: " + app.getState());
                List<String> ours = severe.stream().filter(r -> r.getLoggerName().equals("com.playtcha.jakarta.servlet.PlaytchaFilter"))
                        .map(RedisUndeployTest::format).toList();
                assertEquals(1, ours.size(), "the library's ERROR line: " + ours);
                assertTrue(ours.get(0).contains("playtcha.redis.uri") && ours.get(0).contains("refuses this node")
                        && !ours.get(0).contains("wr0ng-pass"), ours.get(0));
                tomcat.getHost().removeChild(app);
            } finally {
                tomcat.stop();
                tomcat.destroy();
            }
        } finally {
            Logger.getLogger("").removeHandler(watch);
        }
    }

    /**
     * docs/logging.md: the {@code SLF4J(W): No SLF4J providers were found} lines on the console come from the
     * SLF4J API in the WAR (HttpClient's, Lettuce's) with no provider beside it; with {@code slf4j-jdk14} in
     * {@code WEB-INF/lib} they are gone (SLF4J then writes through java.util.logging).
     */
    @Test
    @Timeout(600)
    void theSlf4jLines_comeWithoutAProvider_andGoWithSlf4jJdk14(PlaytchaSimulator sim) throws Exception {
        try (RedisServer server = RedisServer.start()) {
            Path provider;
            try (Stream<Path> jars = Files.list(Path.of("target/webapp-extra"))) {
                provider = jars.filter(p -> p.getFileName().toString().startsWith("slf4j-jdk14")).findFirst().orElseThrow();
            }
            assertTrue(console(sim, server.uri(0), List.of()).contains("SLF4J(W): No SLF4J providers were found"), "without a provider");
            String with = console(sim, server.uri(0), List.of(provider));
            assertFalse(with.contains("SLF4J"), "with slf4j-jdk14: " + with);
        }
    }

    /** What a WAR's start (and a verify) wrote to {@code System.err}. */
    private static String console(PlaytchaSimulator sim, String uri, List<Path> more) throws Exception {
        Path base = Files.createTempDirectory("playtcha-slf4j");
        java.io.PrintStream before = System.err;
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        Tomcat tomcat = tomcat(base);
        tomcat.start();
        try {
            System.setErr(new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
            Context app = tomcat.addWebapp("/app", war(base.resolve("app"), sim, uri, more).toString());
            assertEquals(200, post("http://127.0.0.1:" + tomcat.getConnector().getLocalPort() + "/app/ok.txt", sim.mintToken(), "198.51.100.1"));
            tomcat.getHost().removeChild(app);
        } finally {
            System.setErr(before);
            tomcat.stop();
            tomcat.destroy();
        }
        return err.toString(StandardCharsets.UTF_8);
    }

    /**
     * Issue 87, finding 6: an application whose node started without Redis (on its own state, its link trying each
     * second) and connected once Redis came, then undeployed: Tomcat logged one SEVERE thread-local leak (Netty's
     * {@code InternalThreadLocalMap}) on such a stop. None now, and its class loader is collected.
     */
    @Test
    @Timeout(600)
    void anApplicationStartedWithoutRedis_thatConnectedOnceItCame_leavesNothingEither(PlaytchaSimulator sim) throws Exception {
        try (RedisServer server = RedisServer.start()) {
            server.stop();
            java.util.concurrent.CountDownLatch connected = new java.util.concurrent.CountDownLatch(1);
            Handler answers = RedisReshareTest.lines("Redis answers: this node shares again", connected);
            Logger.getLogger("").addHandler(answers);
            try {
                undeployed(sim, server.uri(0), () -> {
                    server.startAgain();
                    assertTrue(connected.await(60, java.util.concurrent.TimeUnit.SECONDS), "the link connected once Redis came");
                });
            } finally {
                Logger.getLogger("").removeHandler(answers);
            }
        }
    }

    /** What a test does once the WAR is deployed, before it is used. */
    private interface Deployed {
        void then() throws Exception;
    }

    private static void undeployed(PlaytchaSimulator sim, String uri) throws Exception {
        undeployed(sim, uri, () -> {
        });
    }

    private static void undeployed(PlaytchaSimulator sim, String uri, Deployed deployed) throws Exception {
        Path base = Files.createTempDirectory("playtcha-undeploy");
        List<LogRecord> severe = new ArrayList<>();
        Handler watch = severe(severe);
        Logger.getLogger("").addHandler(watch);
        try {
            Tomcat tomcat = tomcat(base);
            tomcat.start();
            try {
                WeakReference<ClassLoader> loader = deployUseUndeploy(tomcat, war(base.resolve("app"), sim, uri), sim, deployed);
                assertEquals(List.of(), severe.stream().map(r -> r.getLoggerName() + ": " + format(r)).toList(),
                        "Tomcat's SEVERE lines at the undeploy (and its words when it could not look)");
                long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
                while (loader.get() != null) {
                    assertTrue(System.nanoTime() < deadline, "the undeployed application's class loader is still reachable; threads: "
                            + Thread.getAllStackTraces().keySet().stream().map(Thread::getName).sorted().toList());
                    System.gc();
                    Thread.sleep(100);
                }
            } finally {
                tomcat.stop();
                tomcat.destroy();
            }
        } finally {
            Logger.getLogger("").removeHandler(watch);
        }
    }

    /** Deploys the WAR at {@code /app}, posts to it, undeploys it; its class loader, weakly. */
    private static WeakReference<ClassLoader> deployUseUndeploy(Tomcat tomcat, Path war, PlaytchaSimulator sim, Deployed deployed)
            throws Exception {
        Context app = tomcat.addWebapp("/app", war.toString());
        deployed.then();
        ClassLoader loader = app.getLoader().getClassLoader();
        Class<?> filter = loader.loadClass("com.playtcha.jakarta.servlet.PlaytchaFilter");
        assertSame(loader, filter.getClassLoader(), "the library is the application's own, from its WEB-INF/lib");
        assertNotSame(RedisLink.class, loader.loadClass(RedisLink.class.getName()), "and so is this module");
        String url = "http://127.0.0.1:" + tomcat.getConnector().getLocalPort() + "/app/ok.txt";
        for (int i = 0; i < 6; i++) {
            assertEquals(200, post(url, sim.mintToken(), "198.51.100." + i), "verified");
        }
        sim.inject(Fault.serverError(503, "db_error"));
        for (int i = 0; i < 12; i++) { // failing open: each claim on Redis, from Tomcat's request threads
            assertEquals(200, post(url, sim.mintToken(), "198.51.100." + i), "failed open");
        }
        sim.clearFaults();
        tomcat.getHost().removeChild(app); // undeployed: stopped and destroyed
        return new WeakReference<>(loader);
    }

    private static Tomcat tomcat(Path base) {
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        tomcat.setHostname("127.0.0.1");
        tomcat.getConnector().setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        tomcat.setAddDefaultWebXmlToWebapp(false); // no JSP servlet here: the WAR declares the default servlet
        tomcat.getHost().setAutoDeploy(false);
        return tomcat;
    }

    /**
     * A WAR directory: the Redis module's runtime class path in {@code WEB-INF/lib} (the reactor's modules as their jars,
     * or jarred from their classes), a web.xml with the filter on Redis, and a file to post to.
     *
     * <p>Every post comes from 127.0.0.1 (its {@code X-Forwarded-For} is not read: this Tomcat has no
     * RemoteIpValve), so the fourth waits for the client's first budget telling, this WAR's first call of
     * that kind (its classes loaded then by the application's class loader). At the default
     * {@code cluster.timeout} (250 ms) a loaded machine took longer, and that verify was refused
     * {@code client_rate_limited} as a node's backlog, as documented. And a start waits for its first connection
     * attempt at most four times that timeout (10 s at most) and 5 s more, within {@code cluster.start-timeout}: at
     * load 25 the WAR's first connection (Lettuce, Netty and Reactor loaded by its class loader) took longer than
     * the 10 s default bound, and the refusing Redis was taken for one not there. So the timeout is 10 s here and
     * the start's bound a minute (the start then waits 15 s at most), since what is tested is the undeploy and the
     * refusal's words, not the node's pace.
     */
    private static Path war(Path war, PlaytchaSimulator sim, String redisUri) throws IOException {
        return war(war, sim, redisUri, List.of());
    }

    /** The same with {@code more} jars in {@code WEB-INF/lib}. */
    private static Path war(Path war, PlaytchaSimulator sim, String redisUri, List<Path> more) throws IOException {
        Path lib = Files.createDirectories(war.resolve("WEB-INF/lib"));
        for (Path jar : more) {
            Files.copy(jar, lib.resolve(jar.getFileName()));
        }
        for (String entry : Files.readString(Path.of("target/webapp-class-path.txt")).trim().split(java.io.File.pathSeparator)) {
            Path from = Path.of(entry);
            if (Files.isDirectory(from)) {
                jar(from, lib.resolve(from.getParent().getParent().getFileName() + ".jar"));
            } else {
                Files.copy(from, lib.resolve(from.getFileName()));
            }
        }
        Files.writeString(war.resolve("ok.txt"), "ok");
        Files.writeString(war.resolve("WEB-INF/web.xml"), """
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
                  <filter>
                    <filter-name>playtcha</filter-name>
                    <filter-class>com.playtcha.jakarta.servlet.PlaytchaFilter</filter-class>
                    <init-param><param-name>secret</param-name><param-value>%s</param-value></init-param>
                    <init-param><param-name>api-url</param-name><param-value>%s</param-value></init-param>
                    <init-param><param-name>redis.uri</param-name><param-value>%s</param-value></init-param>
                    <init-param><param-name>cluster.timeout</param-name><param-value>10s</param-value></init-param>
                    <init-param><param-name>cluster.start-timeout</param-name><param-value>1m</param-value></init-param>
                  </filter>
                  <filter-mapping><filter-name>playtcha</filter-name><url-pattern>/*</url-pattern></filter-mapping>
                  <servlet>
                    <servlet-name>default</servlet-name>
                    <servlet-class>org.apache.catalina.servlets.DefaultServlet</servlet-class>
                  </servlet>
                  <servlet-mapping><servlet-name>default</servlet-name><url-pattern>/</url-pattern></servlet-mapping>
                </web-app>
                """.formatted(sim.secret(), sim.url(), redisUri));
        return war;
    }

    private static void jar(Path classes, Path jar) throws IOException {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
        }
    }

    private static int post(String url, String token, String client) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
        c.setRequestProperty("Connection", "close");
        c.setRequestProperty("X-Forwarded-For", client);
        try (OutputStream out = c.getOutputStream()) {
            out.write(("playtcha-token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        }
        int status = c.getResponseCode();
        try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
            if (in != null) {
                in.readAllBytes();
            }
        }
        return status;
    }

    private static Handler severe(List<LogRecord> into) {
        Handler h = new Handler() {
            @Override
            public synchronized void publish(LogRecord r) {
                boolean blind = String.valueOf(r.getMessage()).contains("--add-opens"); // Tomcat could not look for leaks
                if (r.getLevel().intValue() >= Level.SEVERE.intValue() || blind) {
                    into.add(r);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        h.setLevel(Level.ALL);
        return h;
    }

    private static String format(LogRecord r) {
        return new java.util.logging.SimpleFormatter().formatMessage(r);
    }
}
