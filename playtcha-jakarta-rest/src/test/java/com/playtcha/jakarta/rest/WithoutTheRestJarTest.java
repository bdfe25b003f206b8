package com.playtcha.jakarta.rest;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.servlet.PlaytchaInitializer;
import jakarta.ws.rs.POST;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 63, item 10: a web application whose resources were compiled with {@code @PlaytchaProtected} but that runs
 * without this jar would serve them unguarded (the JVM drops an annotation whose class is missing); core's
 * {@code PlaytchaInitializer} stops its start instead, naming the resource and the jar. The WAR is a directory on a
 * real Jetty context; its class loader hides this module's package, as a WAR without the jar would. Failed on
 * a8f221eb: the application started.
 */
class WithoutTheRestJarTest {

    /** The application's class loader without the rest jar: nothing of {@code com.playtcha.jakarta.rest} loads. */
    static final class WithoutRestJar extends ClassLoader {
        WithoutRestJar(ClassLoader parent) {
            super(parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith("com.playtcha.jakarta.rest.")) {
                throw new ClassNotFoundException(name);
            }
            return super.loadClass(name, resolve);
        }
    }

    /** A resource without the annotation. */
    @jakarta.ws.rs.Path("/open")
    public static class OpenResource {
        @POST
        public String post() {
            return "posted";
        }
    }

    @TempDir
    Path war;

    /** Starts the WAR at {@link #war} in a Jetty context with this loader, and stops it. */
    private void startAndStop(ClassLoader loader) throws Exception {
        Server server = new Server();
        ServletContextHandler context = new ServletContextHandler("/app");
        context.setBaseResourceAsPath(war);
        context.setClassLoader(loader);
        context.addServletContainerInitializer(new PlaytchaInitializer());
        server.setHandler(context);
        try {
            server.start();
        } finally {
            server.stop();
        }
    }

    private static byte[] classFile(Class<?> type) throws Exception {
        try (var in = type.getResourceAsStream(type.getName().substring(type.getName().lastIndexOf('.') + 1) + ".class")) {
            return in.readAllBytes();
        }
    }

    private void inClasses(Class<?> type) throws Exception {
        Path file = war.resolve("WEB-INF/classes/" + type.getName().replace('.', '/') + ".class");
        Files.createDirectories(file.getParent());
        Files.write(file, classFile(type));
    }

    @Test
    void aResourceInWebInfClasses_withoutTheJar_stopsTheStart_namingItAndTheJar() throws Exception {
        inClasses(GuardedResource.class);

        Exception failed = assertThrows(Exception.class, () -> startAndStop(new WithoutRestJar(getClass().getClassLoader())));

        String message = messages(failed);
        assertTrue(message.contains("com.playtcha.jakarta.rest.GuardedResource carries @PlaytchaProtected"), message);
        assertTrue(message.contains("com.playtcha:playtcha-jakarta-rest"), message);
    }

    @Test
    void aResourceInAJarInWebInfLib_withoutTheJar_stopsTheStart() throws Exception {
        Path lib = Files.createDirectories(war.resolve("WEB-INF/lib"));
        try (OutputStream out = Files.newOutputStream(lib.resolve("resources.jar")); JarOutputStream jar = new JarOutputStream(out)) {
            jar.putNextEntry(new JarEntry("com/playtcha/jakarta/rest/GuardedResource.class"));
            jar.write(classFile(GuardedResource.class));
        }

        Exception failed = assertThrows(Exception.class, () -> startAndStop(new WithoutRestJar(getClass().getClassLoader())));

        String message = messages(failed);
        assertTrue(message.contains("GuardedResource (in WEB-INF/lib/resources.jar) carries @PlaytchaProtected"), message);
    }

    @Test
    void withTheJar_theApplicationStarts() throws Exception {
        inClasses(GuardedResource.class);

        startAndStop(getClass().getClassLoader());
    }

    /** Nor does the check find itself: the core jar, which every such WAR holds, names the annotation too. */
    @Test
    void withoutTheJar_anApplicationWhoseResourcesDoNotCarryIt_starts() throws Exception {
        inClasses(OpenResource.class);
        inClasses(WithoutTheRestJarTest.class);
        Path lib = Files.createDirectories(war.resolve("WEB-INF/lib"));
        try (OutputStream out = Files.newOutputStream(lib.resolve("playtcha-jakarta.jar"));
                JarOutputStream jar = new JarOutputStream(out)) {
            for (String name : new String[] {"PlaytchaInitializer", "RestJarCheck"}) {
                jar.putNextEntry(new JarEntry("com/playtcha/jakarta/servlet/" + name + ".class"));
                try (var in = PlaytchaInitializer.class.getResourceAsStream(name + ".class")) {
                    jar.write(in.readAllBytes());
                }
            }
        }

        startAndStop(new WithoutRestJar(getClass().getClassLoader()));
    }

    private static String messages(Throwable failed) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failed; t != null; t = t.getCause()) {
            all.append(t).append('\n');
        }
        return all.toString();
    }
}
