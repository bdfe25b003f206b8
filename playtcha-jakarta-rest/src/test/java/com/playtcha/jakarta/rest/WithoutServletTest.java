package com.playtcha.jakarta.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * Runtimes without servlets in the request path (Quarkus REST, Helidon) have no Servlet API. There
 * the feature must register the plain filter, and never load the servlet-aware one with its
 * servlet-typed field; the Servlet API may only be checked for.
 */
class WithoutServletTest {

    /** Loads com.playtcha.jakarta.* itself (child first) and refuses the Servlet API. */
    static final class NoServletLoader extends URLClassLoader {
        final Set<String> refused = ConcurrentHashMap.newKeySet();
        final Set<String> defined = ConcurrentHashMap.newKeySet();

        NoServletLoader(ClassLoader parent, URL... classes) {
            super(classes, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith("jakarta.servlet.")) {
                refused.add(name);
                throw new ClassNotFoundException(name);
            }
            if (name.startsWith("com.playtcha.jakarta.") && !name.startsWith("com.playtcha.jakarta.testing.")) {
                synchronized (getClassLoadingLock(name)) {
                    Class<?> loaded = findLoadedClass(name);
                    if (loaded == null) {
                        defined.add(name);
                        loaded = findClass(name);
                    }
                    return loaded;
                }
            }
            return super.loadClass(name, resolve);
        }
    }

    @Test
    void withoutTheServletApi_thePlainFilterIsRegistered() throws Exception {
        URL restClasses = PlaytchaFeature.class.getProtectionDomain().getCodeSource().getLocation();
        URL coreClasses = PlaytchaSettings.class.getProtectionDomain().getCodeSource().getLocation();
        URL testClasses = GuardedResource.class.getProtectionDomain().getCodeSource().getLocation();
        try (NoServletLoader loader = new NoServletLoader(getClass().getClassLoader(), restClasses, coreClasses, testClasses)) {
            Class<?> settingsType = loader.loadClass(PlaytchaSettings.class.getName());
            Object builder = settingsType.getMethod("builder").invoke(null);
            builder.getClass().getMethod("secret", String.class).invoke(builder, "sk_test_0123456789abcdef");
            builder.getClass().getMethod("apiUrl", URI.class).invoke(builder, URI.create("http://127.0.0.1:9/"));
            Object settings = builder.getClass().getMethod("build").invoke(builder);
            Class<?> verifierType = loader.loadClass(PlaytchaVerifier.class.getName());
            Object verifier = Proxy.newProxyInstance(loader, new Class<?>[] {verifierType}, (proxy, method, args) -> null);
            Object feature = loader.loadClass(PlaytchaFeature.class.getName())
                    .getConstructor(verifierType, settingsType).newInstance(verifier, settings);

            List<Object> registered = new ArrayList<>();
            FeatureContext context = (FeatureContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {FeatureContext.class}, (proxy, method, args) -> {
                        if (method.getName().equals("register")) {
                            registered.add(args[0]);
                        }
                        return proxy;
                    });
            // the resource as this loader sees it: annotated with its own PlaytchaProtected
            Method info = loader.loadClass(GuardedResource.class.getName()).getDeclaredMethod("info");
            info.setAccessible(true);
            feature.getClass().getMethod("configure", ResourceInfo.class, FeatureContext.class)
                    .invoke(feature, info.invoke(null), context);

            assertEquals(1, registered.size());
            assertEquals(PlaytchaRequestFilter.class.getName(), registered.get(0).getClass().getName());
            assertFalse(loader.defined.contains(ServletAddressFilter.class.getName()), "the servlet-aware filter was loaded");
            assertEquals(Set.of("jakarta.servlet.http.HttpServletRequest"), loader.refused,
                    "only the presence check may ask for the Servlet API");
        }
    }
}
