package com.playtcha.jakarta.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import jakarta.servlet.Filter;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A plain Tomcat has neither CDI, nor MicroProfile Config, nor Jakarta REST, nor OpenTelemetry, nor
 * MicroProfile Health. Here the library's classes are loaded by a web-app-like class loader that has
 * none of them either, and the filter must deploy, verify and publish its attributes without ever
 * asking for a CDI or Jakarta REST class; of MicroProfile Config and OpenTelemetry it may only check
 * whether they are there.
 */
class PlainContainerTest {

    @RegisterExtension
    static final PlaytchaSimulatorExtension PLAYTCHA = new PlaytchaSimulatorExtension();

    /** Loads com.playtcha.jakarta.* itself (child first) and refuses CDI, MicroProfile, Jakarta REST, OpenTelemetry and their implementations. */
    static final class PlainWebAppLoader extends URLClassLoader {
        final Set<String> refused = ConcurrentHashMap.newKeySet();

        PlainWebAppLoader(URL libraryClasses, ClassLoader parent) {
            super(new URL[] {libraryClasses}, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith("jakarta.enterprise.") || name.startsWith("jakarta.inject.")
                    || name.startsWith("org.eclipse.microprofile.") || name.startsWith("io.smallrye.")
                    || name.startsWith("org.jboss.weld.") || name.startsWith("jakarta.ws.rs.")
                    || name.startsWith("org.glassfish.jersey.") || name.startsWith("io.opentelemetry.")) {
                refused.add(name);
                throw new ClassNotFoundException(name);
            }
            if (name.startsWith("com.playtcha.jakarta.") && !name.startsWith("com.playtcha.jakarta.testing.")) {
                synchronized (getClassLoadingLock(name)) {
                    Class<?> loaded = findLoadedClass(name);
                    return loaded != null ? loaded : findClass(name);
                }
            }
            return super.loadClass(name, resolve);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void filter_deploysAndVerifies_withoutCdiMicroProfileJakartaRestOrOpenTelemetry() throws Exception {
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        URL libraryClasses = PlaytchaFilter.class.getProtectionDomain().getCodeSource().getLocation();
        try (PlainWebAppLoader loader = new PlainWebAppLoader(libraryClasses, getClass().getClassLoader())) {
            Class<? extends Filter> plainFilter = (Class<? extends Filter>) loader.loadClass(PlaytchaFilter.class.getName());
            assertTrue(plainFilter != PlaytchaFilter.class, "the filter class comes from the plain loader");

            try (EmbeddedJetty jetty = EmbeddedJetty.start(context -> {
                context.setClassLoader(loader);
                context.addServlet(new ServletHolder("app", new EchoServlet()), "/*");
                FilterHolder filter = new FilterHolder(plainFilter);
                filter.setName("plain");
                filter.setInitParameters(EmbeddedJetty.settings(sim));
                EmbeddedJetty.guard(context, filter, "/signup/*");
            })) {
                Reply verified = jetty.post("/signup/form").form("playtcha-token", sim.mintToken()).send();
                Reply rejected = jetty.post("/signup/form").acceptJson().form("playtcha-token", "ptk_forged").send();

                assertEquals(200, verified.status(), verified::toString);
                assertEquals("verified", verified.echo().get(PlaytchaFilter.OUTCOME));
                assertEquals(403, rejected.status(), rejected::toString);
            }
            assertTrue(loader.refused.stream().noneMatch(n -> n.startsWith("jakarta.enterprise.") || n.startsWith("jakarta.inject.")),
                    () -> "asked for CDI: " + loader.refused);
            assertTrue(loader.refused.stream().noneMatch(n -> n.startsWith("jakarta.ws.rs.")),
                    () -> "asked for Jakarta REST: " + loader.refused);
            assertEquals(Set.of("org.eclipse.microprofile.config.ConfigProvider", "io.opentelemetry.api.OpenTelemetry"),
                    loader.refused, "only the presence checks may ask for MicroProfile Config and OpenTelemetry");
        }
    }
}
