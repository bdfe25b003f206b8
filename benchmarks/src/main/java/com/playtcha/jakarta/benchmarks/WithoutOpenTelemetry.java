package com.playtcha.jakarta.benchmarks;

import com.playtcha.jakarta.servlet.PlaytchaFilter;
import java.net.URL;
import java.net.URLClassLoader;

/**
 * Loads the library's classes a second time with OpenTelemetry's API hidden, for B: the API is on
 * the benchmark's class path for F ({@link MetricsOn}), and PlaytchaFilter attaches its metrics
 * whenever its own class loader sees the API. So B stays the library as an application without
 * OpenTelemetry runs it (no listener, no decision events), and F differs from B by its metrics alone.
 * Everything else (the Servlet API, HttpClient, the JSON parser) comes from the parent, shared.
 */
final class WithoutOpenTelemetry extends URLClassLoader {

    private static final String LIBRARY = "com.playtcha.jakarta.";

    WithoutOpenTelemetry() {
        super(new URL[] {PlaytchaFilter.class.getProtectionDomain().getCodeSource().getLocation()},
                WithoutOpenTelemetry.class.getClassLoader());
    }

    /** PlaytchaFilter as loaded here. */
    @SuppressWarnings("unchecked")
    Class<? extends jakarta.servlet.Filter> filter() throws ClassNotFoundException {
        return (Class<? extends jakarta.servlet.Filter>) loadClass(PlaytchaFilter.class.getName());
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (name.startsWith("io.opentelemetry.")) {
            throw new ClassNotFoundException(name + " (hidden from variant B)");
        }
        if (!name.startsWith(LIBRARY) || name.startsWith(LIBRARY + "benchmarks.") || name.startsWith(LIBRARY + "testing.")) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> loaded = findLoadedClass(name);
            if (loaded == null) {
                try {
                    loaded = findClass(name);
                } catch (ClassNotFoundException notTheLibrarys) {
                    return super.loadClass(name, resolve);
                }
            }
            if (resolve) {
                resolveClass(loaded);
            }
            return loaded;
        }
    }
}
