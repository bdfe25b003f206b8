package com.playtcha.jakarta.benchmarks.crossed;

import jakarta.servlet.ServletException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.ContextConfig;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.valves.ValveBase;

/**
 * An embedded Tomcat on an ephemeral port of 127.0.0.1 with one web application at {@code /app}, laid
 * out as a WAR is deployed: {@code WEB-INF/web.xml}, the library and its dependencies in
 * {@code WEB-INF/lib}, {@link PageServlet} in {@code WEB-INF/classes}, and for a login the
 * {@code PlaytchaLoginValve} declared in {@code META-INF/context.xml}. The web application's loader has
 * {@link CommonLoader} as its parent, so it sees the server as a WAR in a plain Tomcat does; the valve
 * and Tomcat are the JVM's application loader's. Users and their role {@code user} live in the embedded
 * Tomcat's own realm.
 *
 * <p>An engine valve counts the requests whose processing has ended (every valve, filter and servlet
 * returned), so that a recording window can wait for the server to be done, not only for the answer.
 */
final class ScenarioTomcat implements AutoCloseable {

    /** The library's jar and what it needs at run time, each found by a class it holds. */
    static final List<String> WEB_INF_LIB = List.of("com.playtcha.jakarta.servlet.PlaytchaFilter",
            "org.apache.hc.client5.http.classic.HttpClient", "org.apache.hc.core5.http.HttpHost",
            "org.apache.hc.core5.http2.HttpVersionPolicy", "jakarta.json.Json", "org.eclipse.parsson.JsonProviderImpl",
            "org.slf4j.LoggerFactory", "org.slf4j.simple.SimpleLogger");

    private static final String FILTER = """
              <filter>
                <filter-name>playtcha</filter-name>
                <filter-class>com.playtcha.jakarta.servlet.PlaytchaFilter</filter-class>%s
              </filter>
              <filter-mapping>
                <filter-name>playtcha</filter-name>
                <url-pattern>%s</url-pattern>
              </filter-mapping>
              <servlet>
                <servlet-name>page</servlet-name>
                <servlet-class>%s</servlet-class>
              </servlet>
            """;

    /** A form guarded by PlaytchaFilter with every setting at its default (the secret and URL come from the JVM). */
    static final String FORM_WEB_XML = webXml(FILTER.formatted("", "/form", PageServlet.class.getName()) + """
              <servlet-mapping>
                <servlet-name>page</servlet-name>
                <url-pattern>/form</url-pattern>
              </servlet-mapping>
            """);

    /** A FORM login guarded by PlaytchaFilter on {@code /j_security_check}, a token only after failures. */
    static final String LOGIN_WEB_XML = webXml(FILTER.formatted("""

                <init-param>
                  <param-name>login.require</param-name>
                  <param-value>after-failures</param-value>
                </init-param>""", "/j_security_check", PageServlet.class.getName()) + """
              <servlet-mapping>
                <servlet-name>page</servlet-name>
                <url-pattern>/login</url-pattern>
                <url-pattern>/login-error</url-pattern>
                <url-pattern>/secure/*</url-pattern>
              </servlet-mapping>
              <security-constraint>
                <web-resource-collection>
                  <web-resource-name>secure</web-resource-name>
                  <url-pattern>/secure/*</url-pattern>
                </web-resource-collection>
                <auth-constraint>
                  <role-name>user</role-name>
                </auth-constraint>
              </security-constraint>
              <login-config>
                <auth-method>FORM</auth-method>
                <form-login-config>
                  <form-login-page>/login</form-login-page>
                  <form-error-page>/login-error</form-error-page>
                </form-login-config>
              </login-config>
              <security-role>
                <role-name>user</role-name>
              </security-role>
            """);

    static final String VALVE_CONTEXT_XML = """
            <Context>
              <Valve className="com.playtcha.jakarta.tomcat.PlaytchaLoginValve"/>
            </Context>
            """;

    private final Tomcat tomcat;
    private final Served served;

    private ScenarioTomcat(Tomcat tomcat, Served served) {
        this.tomcat = tomcat;
        this.served = served;
    }

    /**
     * Lays out the web application under {@code base} with this {@code web.xml} (and the valve when
     * {@code valve}), and starts it; {@code users} log in with role {@code user}.
     */
    static ScenarioTomcat start(Path base, String webXml, boolean valve, Map<String, String> users)
            throws IOException, LifecycleException {
        Path docBase = base.resolve("app");
        layOut(docBase, webXml, valve);
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.resolve("tomcat").toString());
        tomcat.setHostname("127.0.0.1");
        tomcat.getConnector().setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        users.forEach((user, password) -> {
            tomcat.addUser(user, password);
            tomcat.addRole(user, "user");
        });
        // No default servlet and no JSP servlet: the web.xml alone, as the application wrote it.
        tomcat.setAddDefaultWebXmlToWebapp(false);
        ContextConfig config = new ContextConfig();
        config.setDefaultWebXml(tomcat.noDefaultWebXmlPath());
        Context context = tomcat.addWebapp(tomcat.getHost(), "/app", docBase.toString(), config);
        context.setParentClassLoader(new CommonLoader(Tomcat.class.getClassLoader()));
        if (context instanceof StandardContext standard) {
            // Tomcat's leak checks at stop reach into the JDK, which this JVM does not open to them: each says so.
            standard.setClearReferencesObjectStreamClassCaches(false);
            standard.setClearReferencesThreadLocals(false);
            standard.setClearReferencesRmiTargets(false);
        }
        Served served = new Served();
        tomcat.getEngine().getPipeline().addValve(served);
        tomcat.start();
        if (context.getState() != LifecycleState.STARTED) {
            tomcat.stop();
            tomcat.destroy();
            throw new IllegalStateException("the web application did not start (" + context.getState() + "); see the log above");
        }
        return new ScenarioTomcat(tomcat, served);
    }

    private static String webXml(String body) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee"
                         xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                         xsi:schemaLocation="https://jakarta.ee/xml/ns/jakartaee https://jakarta.ee/xml/ns/jakartaee/web-app_6_0.xsd"
                         version="6.0">
                """ + body + "</web-app>\n";
    }

    private static void layOut(Path docBase, String webXml, boolean valve) throws IOException {
        Path webInf = docBase.resolve("WEB-INF");
        Path lib = Files.createDirectories(webInf.resolve("lib"));
        Path classes = Files.createDirectories(webInf.resolve("classes"));
        Files.writeString(webInf.resolve("web.xml"), webXml, StandardCharsets.UTF_8);
        if (valve) {
            Files.writeString(Files.createDirectories(docBase.resolve("META-INF")).resolve("context.xml"), VALVE_CONTEXT_XML,
                    StandardCharsets.UTF_8);
        }
        for (String anchor : WEB_INF_LIB) {
            Path from = codeSource(anchor);
            if (Files.isDirectory(from)) {
                copyTree(from, classes); // a module of this build not yet packaged: its classes, as WEB-INF/classes holds them
            } else {
                Files.copy(from, lib.resolve(from.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        String servlet = PageServlet.class.getName().replace('.', '/') + ".class";
        Path target = Files.createDirectories(classes.resolve(servlet).getParent()).resolve(PageServlet.class.getSimpleName() + ".class");
        try (InputStream in = ScenarioTomcat.class.getClassLoader().getResourceAsStream(servlet)) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static Path codeSource(String className) {
        try {
            Class<?> type = Class.forName(className, false, ScenarioTomcat.class.getClassLoader());
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (ClassNotFoundException | URISyntaxException e) {
            throw new IllegalStateException("the web application needs " + className + " from this class path", e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path copy = to.resolve(from.relativize(file).toString());
                Files.createDirectories(copy.getParent());
                Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** The web application's root, {@code http://127.0.0.1:<port>/app/}. */
    URI root() {
        return URI.create("http://127.0.0.1:" + tomcat.getConnector().getLocalPort() + "/app/");
    }

    /** How many requests the server has finished with. */
    long served() {
        return served.count();
    }

    /** Waits until the server has finished with {@code count} requests. */
    void awaitServed(long count) throws InterruptedException {
        served.await(count, Duration.ofSeconds(30));
    }

    /** The thread that served the last request. */
    String lastThread() {
        return served.lastThread();
    }

    @Override
    public void close() throws LifecycleException {
        tomcat.stop();
        tomcat.destroy();
    }

    /** Deletes what {@link #start} laid out. */
    static void delete(Path base) {
        if (!Files.exists(base)) {
            return;
        }
        try (Stream<Path> files = Files.walk(base)) {
            for (Path file : files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The engine's first valve: counts the requests whose processing has returned. */
    private static final class Served extends ValveBase {

        private long count;
        private String lastThread;

        Served() {
            super(true);
        }

        @Override
        public void invoke(Request request, Response response) throws IOException, ServletException {
            try {
                getNext().invoke(request, response);
            } finally {
                synchronized (this) {
                    count++;
                    lastThread = Thread.currentThread().getName();
                    notifyAll();
                }
            }
        }

        synchronized long count() {
            return count;
        }

        synchronized String lastThread() {
            return lastThread;
        }

        synchronized void await(long target, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (count < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("the server finished " + count + " requests, not " + target + ", in " + timeout);
                }
                wait(Math.max(1, left / 1_000_000));
            }
        }
    }
}
