package com.playtcha.jakarta.it;

import com.playtcha.jakarta.it.app.EchoServlet;
import com.playtcha.jakarta.it.app.ThreadsServlet;
import java.io.File;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The WARs of the scenarios, packaged as a user would: the library jar and its runtime
 * dependencies in WEB-INF/lib (copied by the build to {@code it.war-lib}), a web.xml, and the
 * application's own classes.
 */
public final class Wars {

    /** Which container this run targets: the arquillian.xml qualifier Failsafe selected. */
    public static final String CONTAINER = System.getProperty("arquillian.launch", "jetty");

    /**
     * Whether the container is an application server with CDI and MicroProfile Config of its own
     * (WildFly, Open Liberty); the servlet containers get Weld and SmallRye Config in the WAR.
     */
    public static final boolean APPLICATION_SERVER = CONTAINER.equals("wildfly") || CONTAINER.equals("liberty");

    private Wars() {
    }

    /**
     * A WAR named {@code name}.war (so its context path is /name) with the library and the echo servlet;
     * on WildFly with its login door too (playtcha-jakarta-undertow), as a WildFly user adds it.
     */
    public static WebArchive withLibrary(String name) {
        WebArchive war = withLibraryAlone(name);
        return CONTAINER.startsWith("wildfly") ? war.addAsLibraries(jars("it.undertow-lib")) : war;
    }

    /** {@link #withLibrary} without WildFly's login door, whatever the container. */
    public static WebArchive withLibraryAlone(String name) {
        return ShrinkWrap.create(WebArchive.class, name + ".war").addClass(EchoServlet.class)
                .addAsLibraries(jars("it.war-lib"));
    }

    /**
     * {@code cluster.timeout} for a WAR on the shared database: the longest the settings allow (10 s). The tests that use
     * it are about what the nodes share, not how fast: at the default 250 ms a claim or a count that a loaded machine's
     * PostgreSQL answers late is held on its node only ({@code held-locally}) or asks for a token, as documented, and a
     * token let through on one server then passed on the other too (JettyTwoServersClaimIT in a loaded run, load 35). What a
     * database that answers late does is the cluster module's tests'.
     */
    public static final String CLUSTER_TIMEOUT = "10s";

    /** Adds the database ledger (playtcha-jakarta-cluster) to a WAR, as a user of {@code playtcha.ledger.datasource} does. */
    public static WebArchive withCluster(WebArchive war) {
        return war.addAsLibraries(jars("it.cluster-lib"));
    }

    /** Adds {@code @PlaytchaLogin} (playtcha-jakarta-security) to a WAR, as a user of the annotation does. */
    public static WebArchive withSecurity(WebArchive war) {
        return war.addAsLibraries(jars("it.security-lib"));
    }

    /** Adds {@code @PlaytchaProtected} (playtcha-jakarta-rest) to a WAR, as a user of the annotation does. */
    public static WebArchive withRest(WebArchive war) {
        return war.addAsLibraries(jars("it.rest-lib"));
    }

    /** Adds SmallRye Config to a WAR, for containers that have no MicroProfile Config of their own. */
    public static WebArchive withMicroProfileConfig(WebArchive war) {
        return war.addAsLibraries(jars("it.mp-config-lib"));
    }

    /** Adds SmallRye Health and the OpenTelemetry SDK (with its in-memory reader), for containers that have neither. */
    public static WebArchive withObservability(WebArchive war) {
        return war.addAsLibraries(jars("it.observability-lib"));
    }

        /** Adds Weld (servlet, shaded) to a WAR, for containers that have no CDI of their own. */
    public static WebArchive withWeld(WebArchive war) {
        return war.addAsLibraries(jars("it.cdi-lib"));
    }

    /** A WAR without the library that lists the JVM's threads at /threads. */
    public static WebArchive threadsProbe() {
        return ShrinkWrap.create(WebArchive.class, "probe.war").addClass(ThreadsServlet.class)
                .setWebXML(new StringAsset(webXml("""
                          <servlet><servlet-name>threads</servlet-name><servlet-class>%s</servlet-class></servlet>
                          <servlet-mapping><servlet-name>threads</servlet-name><url-pattern>/threads</url-pattern></servlet-mapping>
                        """.formatted(ThreadsServlet.class.getName()))));
    }

    /** A web.xml around {@code body}. */
    public static String webXml(String body) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee"
                         xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                         xsi:schemaLocation="https://jakarta.ee/xml/ns/jakartaee https://jakarta.ee/xml/ns/jakartaee/web-app_6_0.xsd"
                         version="6.0">
                """ + body + "</web-app>\n";
    }

    /** The echo servlet on "/" (every path no other servlet takes). */
    public static String echoServlet() {
        return """
                  <servlet><servlet-name>app</servlet-name><servlet-class>%s</servlet-class></servlet>
                  <servlet-mapping><servlet-name>app</servlet-name><url-pattern>/</url-pattern></servlet-mapping>
                """.formatted(EchoServlet.class.getName());
    }

    /** A PlaytchaFilter declaration mapped to {@code pattern}, configured by init-params only. */
    public static String filter(String name, String pattern, Map<String, String> initParams) {
        String params = initParams.entrySet().stream()
                .map(e -> "    <init-param><param-name>" + e.getKey() + "</param-name><param-value>" + e.getValue()
                        + "</param-value></init-param>\n")
                .collect(Collectors.joining());
        return "  <filter><filter-name>" + name + "</filter-name>\n"
                + "    <filter-class>com.playtcha.jakarta.servlet.PlaytchaFilter</filter-class>\n" + params + "  </filter>\n"
                + "  <filter-mapping><filter-name>" + name + "</filter-name><url-pattern>" + pattern
                + "</url-pattern></filter-mapping>\n";
    }

    /**
     * Adds compiled test classes, with their nested classes, to WEB-INF/classes by name: for
     * classes that use the library, which the test JVM of the embedded Jetty cannot load.
     */
    public static WebArchive withClassesByName(WebArchive war, String... names) {
        for (String name : names) {
            File main = testClass(name);
            String simple = main.getName().substring(0, main.getName().length() - ".class".length());
            String dir = "classes/" + name.substring(0, name.lastIndexOf('.') + 1).replace('.', '/');
            File[] files = main.getParentFile().listFiles((d, n) -> n.equals(main.getName()) || n.startsWith(simple + "$"));
            for (File file : Objects.requireNonNull(files, main.getParent())) {
                war.addAsWebInfResource(file, dir + file.getName());
            }
        }
        return war;
    }

    /**
     * A FORM login: {@code /secure/*} for {@code role} ({@code **}: any authenticated caller, no role
     * declared), {@code loginPage} as the form and {@code /login-error} as the form-error page.
     */
    public static String formLogin(String role, String loginPage) {
        return """
                  <security-constraint>
                    <web-resource-collection><web-resource-name>secure</web-resource-name><url-pattern>/secure/*</url-pattern></web-resource-collection>
                    <auth-constraint><role-name>%s</role-name></auth-constraint>
                  </security-constraint>
                  <login-config>
                    <auth-method>FORM</auth-method>
                    <form-login-config><form-login-page>%s</form-login-page><form-error-page>/login-error</form-error-page></form-login-config>
                  </login-config>
                """.formatted(role, loginPage) + ("**".equals(role) ? "" : "  <security-role><role-name>" + role + "</role-name></security-role>\n");
    }

    /** A servlet declaration and its mapping, for a class named by string (see {@link #withClassesByName}). */
    public static String servlet(String name, String className, String pattern) {
        return """
                  <servlet><servlet-name>%s</servlet-name><servlet-class>%s</servlet-class></servlet>
                  <servlet-mapping><servlet-name>%s</servlet-name><url-pattern>%s</url-pattern></servlet-mapping>
                """.formatted(name, className, name, pattern);
    }

    /** A compiled test class as a file, for adding to a WAR without loading it in this JVM. */
    public static File testClass(String name) {
        try {
            return new File(Wars.class.getResource("/" + name.replace('.', '/') + ".class").toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static File[] jars(String property) {
        String dir = Objects.requireNonNull(System.getProperty(property), property + " (set by the POM's Failsafe configuration)");
        File[] jars = new File(dir).listFiles((d, n) -> n.endsWith(".jar"));
        if (jars == null || jars.length == 0) {
            throw new IllegalStateException("no jars in " + dir + ": run the build through Maven (dependency:copy-dependencies)");
        }
        Arrays.sort(jars);
        return jars;
    }
}
