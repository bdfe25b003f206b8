package com.playtcha.jakarta.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An OpenTelemetry API older than the library's (Payara 6 brings 1.29): the metrics are recorded,
 * only {@code playtcha.verify.duration} goes without its bucket advice. The library and a real
 * OpenTelemetry 1.31 API and SDK (the last without {@code setExplicitBucketBoundariesAdvice}; the
 * build copies them to the directory in {@code opentelemetry.older}) are loaded by a class loader of
 * their own, which runs {@link OlderApiRecording} and hands its report back in JDK types.
 */
@ExtendWith(PlaytchaSimulatorExtension.class)
class OlderOpenTelemetryTest {

    /**
     * Child-first for the library's classes and OpenTelemetry's, and for OpenTelemetry's service
     * files: the context storage is found by {@code ServiceLoader}, and a provider named on the test
     * class path would be of the newer API.
     */
    static final class OlderApiLoader extends URLClassLoader {

        OlderApiLoader(List<URL> urls, ClassLoader parent) {
            super(urls.toArray(URL[]::new), parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            boolean library = name.startsWith("com.playtcha.jakarta.") && !name.startsWith("com.playtcha.jakarta.testing.");
            if (library || name.startsWith("io.opentelemetry.")) {
                synchronized (getClassLoadingLock(name)) {
                    Class<?> loaded = findLoadedClass(name);
                    return loaded != null ? loaded : findClass(name);
                }
            }
            return super.loadClass(name, resolve);
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            return name.startsWith("META-INF/services/io.opentelemetry.") ? findResources(name) : super.getResources(name);
        }
    }

    @Test
    void olderApi_recordsEveryInstrument_theDurationsWithTheSdksDefaultBuckets(PlaytchaSimulator sim) throws Exception {
        Map<String, Object> current = new OlderApiRecording().apply(List.of(sim.url().toString(), sim.secret(), sim.mintToken()));
        assertEquals(true, current.get("advice"));
        assertEquals(PlaytchaMetrics.DURATION_BUCKETS, current.get("boundaries"));

        Map<String, Object> older;
        Thread thread = Thread.currentThread();
        ClassLoader context = thread.getContextClassLoader();
        try (OlderApiLoader loader = new OlderApiLoader(olderClassPath(), getClass().getClassLoader())) {
            @SuppressWarnings("unchecked")
            Function<List<String>, Map<String, Object>> recording = (Function<List<String>, Map<String, Object>>) loader
                    .loadClass(OlderApiRecording.class.getName()).getConstructor().newInstance();
            thread.setContextClassLoader(loader);
            older = recording.apply(List.of(sim.url().toString(), sim.secret(), sim.mintToken()));
        } finally {
            thread.setContextClassLoader(context);
        }

        assertTrue(((String) older.get("api")).endsWith("opentelemetry-api-1.31.0.jar"), older::toString);
        assertEquals(false, older.get("advice"), "decided once, from the API at hand");
        assertEquals(true, older.get("proceeds"));
        assertEquals(1L, older.get("decisions"));
        assertEquals(1L, older.get("durations"));
        assertNotEquals(PlaytchaMetrics.DURATION_BUCKETS, older.get("boundaries"), "the SDK's default buckets");
        assertFalse(((List<?>) older.get("boundaries")).isEmpty());
        assertEquals(current.get("instruments"), older.get("instruments"));
    }

    /** The library's classes, this test's (for {@link OlderApiRecording}) and the older OpenTelemetry jars. */
    private static List<URL> olderClassPath() throws IOException {
        List<URL> urls = new ArrayList<>();
        urls.add(PlaytchaMetrics.class.getProtectionDomain().getCodeSource().getLocation());
        urls.add(OlderApiRecording.class.getProtectionDomain().getCodeSource().getLocation());
        Path jars = Path.of(Objects.requireNonNull(System.getProperty("opentelemetry.older"), "opentelemetry.older"));
        try (Stream<Path> files = Files.list(jars)) {
            for (Path jar : files.filter(f -> f.toString().endsWith(".jar")).sorted().toList()) {
                urls.add(jar.toUri().toURL());
            }
        }
        return urls;
    }
}
