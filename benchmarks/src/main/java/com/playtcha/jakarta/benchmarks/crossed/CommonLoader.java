package com.playtcha.jakarta.benchmarks.crossed;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * The parent of the scenarios' web application loader: what a standalone Tomcat's common loader
 * ({@code $CATALINA_HOME/lib}, {@code $CATALINA_BASE/lib}) shows a WAR, and nothing else of this JVM's
 * class path. That is the JDK, the Servlet API, Tomcat, and the login valve's jar; classes and resources
 * of those packages come from the JVM's application loader, where the embedded Tomcat runs. The
 * library, its dependencies and whatever else this module has on its class path (OpenTelemetry,
 * MicroProfile Config, a second copy of the library) stay invisible, so the WAR finds the library in its
 * own {@code WEB-INF/lib} and runs as in a plain Tomcat.
 */
final class CommonLoader extends ClassLoader {

    /** Binary-name prefixes of the packages a WAR sees from the server. */
    static final List<String> SHARED = List.of("jakarta.servlet.", "jakarta.annotation.", "jakarta.security.auth.message.",
            "org.apache.catalina.", "org.apache.coyote.", "org.apache.juli.", "org.apache.naming.", "org.apache.tomcat.",
            "com.playtcha.jakarta.tomcat.");

    private final ClassLoader server;

    CommonLoader(ClassLoader server) {
        super("common", ClassLoader.getPlatformClassLoader());
        this.server = server;
    }

    private static boolean shared(String binaryName) {
        return SHARED.stream().anyMatch(binaryName::startsWith);
    }

    private static boolean sharedResource(String path) {
        return shared(path.replace('/', '.'));
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        if (shared(name)) {
            return server.loadClass(name);
        }
        throw new ClassNotFoundException(name);
    }

    @Override
    protected URL findResource(String name) {
        return sharedResource(name) ? server.getResource(name) : null;
    }

    @Override
    protected Enumeration<URL> findResources(String name) throws IOException {
        return sharedResource(name) ? server.getResources(name) : Collections.emptyEnumeration();
    }
}
