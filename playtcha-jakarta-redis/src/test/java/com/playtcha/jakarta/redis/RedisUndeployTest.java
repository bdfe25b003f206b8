package com.playtcha.jakarta.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

    private static void undeployed(PlaytchaSimulator sim, String uri) throws Exception {
        Path base = Files.createTempDirectory("playtcha-undeploy");
        List<LogRecord> severe = new ArrayList<>();
        Handler watch = severe(severe);
        Logger.getLogger("").addHandler(watch);
        try {
            Tomcat tomcat = tomcat(base);
            tomcat.start();
            try {
                WeakReference<ClassLoader> loader = deployUseUndeploy(tomcat, war(base.resolve("app"), sim, uri), sim);
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
    private static WeakReference<ClassLoader> deployUseUndeploy(Tomcat tomcat, Path war, PlaytchaSimulator sim) throws Exception {
        Context app = tomcat.addWebapp("/app", war.toString());
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
     * A WAR directory: this module's runtime class path in {@code WEB-INF/lib} (the reactor's modules jarred from
     * their classes), a web.xml with the filter on Redis, and a file to post to.
     */
    private static Path war(Path war, PlaytchaSimulator sim, String redisUri) throws IOException {
        Path lib = Files.createDirectories(war.resolve("WEB-INF/lib"));
        List<String> entries = new ArrayList<>(List.of(Path.of("target/classes").toAbsolutePath().toString()));
        entries.addAll(List.of(Files.readString(Path.of("target/webapp-class-path.txt")).trim().split(java.io.File.pathSeparator)));
        for (String entry : entries) {
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
