package com.playtcha.jakarta.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.cdi.PlaytchaVerifierProducer;
import jakarta.enterprise.inject.build.compatible.spi.BuildCompatibleExtension;
import jakarta.enterprise.inject.build.compatible.spi.Enhancement;
import jakarta.enterprise.inject.build.compatible.spi.Messages;
import jakarta.enterprise.inject.spi.InterceptionType;
import jakarta.enterprise.inject.spi.Interceptor;
import jakarta.enterprise.lang.model.declarations.ClassInfo;
import java.util.List;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.jboss.weld.junit5.WeldInitiator;
import org.junit.jupiter.api.Test;

/**
 * The CDI Lite half of {@code @PlaytchaLogin}, in Weld SE, which runs build compatible extensions
 * too: where portable extensions run, {@link PlaytchaSecurityLiteExtension} stands aside and the
 * interceptor guards; in a container that runs only build compatible extensions, a class with the
 * annotation fails the start, saying what to use instead. Weld skips every extension marked
 * {@code @SkipIfPortableExtensionPresent}, so the CDI Lite case runs {@link AsInCdiLite}: the same
 * enhancement, without the mark.
 */
class PlaytchaSecurityLiteExtensionTest {

    @Test
    void whereThePortableExtensionRuns_theLiteOneStandsAside_andTheInterceptorGuards() {
        Weld weld = WeldInitiator.createWeld()
                .addBeanClasses(PlaytchaVerifierProducer.class, CountingMechanism.class)
                .addExtension(new PlaytchaSecurityExtension())
                .addBuildCompatibleExtensions(PlaytchaSecurityLiteExtension.class);
        try (WeldContainer container = weld.initialize()) {
            List<Interceptor<?>> interceptors = container.getBeanManager().resolveInterceptors(
                    InterceptionType.AROUND_INVOKE, CountingMechanism.class.getAnnotation(PlaytchaLogin.class));
            assertEquals(List.of(PlaytchaLoginInterceptor.class),
                    interceptors.stream().map(Interceptor::getBeanClass).toList());
        }
    }

    @Test
    void inACdiLiteContainer_aClassWithPlaytchaLogin_failsTheStart_sayingWhatToUseInstead() {
        Weld weld = WeldInitiator.createWeld()
                .addBeanClasses(PlaytchaVerifierProducer.class, CountingMechanism.class)
                .addBuildCompatibleExtensions(AsInCdiLite.class);

        RuntimeException failed = assertThrows(RuntimeException.class, () -> weld.initialize().close());

        String message = String.valueOf(failed.getMessage());
        assertTrue(message.contains("@PlaytchaLogin on " + CountingMechanism.class.getName()), message);
        assertTrue(message.contains("@PlaytchaProtected") && message.contains("PlaytchaVerifier.verify"), message);
    }

    @Test
    void inACdiLiteContainer_withoutPlaytchaLogin_theApplicationStarts() {
        Weld weld = WeldInitiator.createWeld()
                .addBeanClasses(PlaytchaVerifierProducer.class)
                .addBuildCompatibleExtensions(AsInCdiLite.class);
        try (WeldContainer container = weld.initialize()) {
            assertTrue(container.isRunning());
        }
    }

    /** Quarkus indexes this jar, interceptor included: its binding is not a use of the annotation. */
    @Test
    void inACdiLiteContainer_theLibrarysOwnInterceptor_doesNotFailTheStart() {
        Weld weld = WeldInitiator.createWeld()
                .addBeanClasses(PlaytchaVerifierProducer.class, PlaytchaLoginInterceptor.class)
                .addBuildCompatibleExtensions(AsInCdiLite.class);
        try (WeldContainer container = weld.initialize()) {
            assertTrue(container.isRunning());
        }
    }

    @Test
    void theCdiLiteStandIn_enhancesWhatTheExtensionEnhances() throws Exception {
        Enhancement real = PlaytchaSecurityLiteExtension.class
                .getMethod("refuse", ClassInfo.class, Messages.class).getAnnotation(Enhancement.class);
        Enhancement standIn = AsInCdiLite.class
                .getMethod("refuse", ClassInfo.class, Messages.class).getAnnotation(Enhancement.class);
        assertEquals(real, standIn);
    }

    /** {@link PlaytchaSecurityLiteExtension} as a CDI Lite container runs it: not skipped. */
    public static class AsInCdiLite implements BuildCompatibleExtension {

        @Enhancement(types = Object.class, withSubtypes = true, withAnnotations = PlaytchaLogin.class)
        public void refuse(ClassInfo type, Messages messages) {
            new PlaytchaSecurityLiteExtension().refuse(type, messages);
        }
    }
}
