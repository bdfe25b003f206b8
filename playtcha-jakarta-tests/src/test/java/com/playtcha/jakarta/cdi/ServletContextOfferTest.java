package com.playtcha.jakarta.cdi;

import com.playtcha.jakarta.spi.VerifierOffer;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** A CDI SE application has no Servlet API at all; the offer must not need it there. */
class ServletContextOfferTest {

    @Test
    void withoutTheServletApiOnTheClassPath_offerDoesNothing_andNeverAsksForTheVerifier() throws Exception {
        URL ourClasses = ServletContextOffer.class.getProtectionDomain().getCodeSource().getLocation();
        ClassLoader withoutServlet = new ClassLoader(ServletContextOffer.class.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                // Our classes too, so that the copy below loads them and sees this class path.
                if (name.startsWith("jakarta.servlet.") || name.startsWith("com.playtcha.jakarta.")) {
                    throw new ClassNotFoundException(name);
                }
                return super.loadClass(name, resolve);
            }
        };
        try (URLClassLoader application = new URLClassLoader(new URL[] {ourClasses}, withoutServlet)) {
            Class<?> offerClass = Class.forName(ServletContextOffer.class.getName(), true, application);
            assertThrows(ClassNotFoundException.class, () -> Class.forName("jakarta.servlet.ServletContext", false, application));
            Class<?> holdersOffer = Class.forName(VerifierOffer.class.getName(), true, application);
            Method offer = offerClass.getDeclaredMethod("offer", Object.class, holdersOffer);
            offer.setAccessible(true);
            AtomicBoolean asked = new AtomicBoolean();
            Supplier<Object> verifier = () -> {
                asked.set(true);
                return null;
            };
            Object offered = holdersOffer.getConstructor(Supplier.class, Supplier.class).newInstance(verifier, verifier);

            offer.invoke(null, new Object(), offered); // what Weld SE's ContainerInitialized amounts to

            assertFalse(asked.get(), "the verifier was asked for");
        }
    }
}
