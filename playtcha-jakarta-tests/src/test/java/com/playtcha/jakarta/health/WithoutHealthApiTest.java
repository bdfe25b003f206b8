package com.playtcha.jakarta.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.config.OptionalApis;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * A CDI runtime without MicroProfile Health (Tomcat with Weld, a WildFly profile without the
 * subsystem) still loads the library's CDI extension, which must then register nothing and load no
 * Health class. The library is loaded here by a class loader that refuses the Health API.
 */
class WithoutHealthApiTest {

    /** Child-first for the library's classes; refuses MicroProfile Health. */
    static final class NoHealthLoader extends URLClassLoader {
        final Set<String> refused = ConcurrentHashMap.newKeySet();

        NoHealthLoader(URL library, ClassLoader parent) {
            super(new URL[] {library}, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith("org.eclipse.microprofile.health.")) {
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
    void theExtension_loadsAndRegistersNothing_andOnlyAsksWhetherTheApiIsThere() throws Exception {
        URL library = PlaytchaHealthExtension.class.getProtectionDomain().getCodeSource().getLocation();
        try (NoHealthLoader loader = new NoHealthLoader(library, getClass().getClassLoader())) {
            Class<?> extension = loader.loadClass(PlaytchaHealthExtension.class.getName());
            assertTrue(extension != PlaytchaHealthExtension.class, "loaded by the loader without Health");
            Method present = loader.loadClass(OptionalApis.class.getName()).getMethod("present", String.class);
            assertFalse((Boolean) present.invoke(null, PlaytchaHealthExtension.HEALTH_API));

            Method register = extension.getDeclaredMethod("register", jakarta.enterprise.inject.spi.AfterBeanDiscovery.class,
                    jakarta.enterprise.inject.spi.BeanManager.class);
            register.setAccessible(true);
            register.invoke(extension.getConstructor().newInstance(), null, null); // would throw on a null discovery if it registered

            assertEquals(Set.of(PlaytchaHealthExtension.HEALTH_API), loader.refused);
            assertThrows(NoClassDefFoundError.class, () -> Class.forName(PlaytchaReadinessCheck.class.getName(), true, loader),
                    "the check itself cannot load here, so nothing may touch it");
        }
    }
}
