package com.playtcha.jakarta.security;

import jakarta.enterprise.inject.build.compatible.spi.BuildCompatibleExtension;
import jakarta.enterprise.inject.build.compatible.spi.Enhancement;
import jakarta.enterprise.inject.build.compatible.spi.Messages;
import jakarta.enterprise.inject.build.compatible.spi.SkipIfPortableExtensionPresent;
import jakarta.enterprise.lang.model.declarations.ClassInfo;
import jakarta.interceptor.Interceptor;

/**
 * Fails the build (Quarkus ArC, which runs it when the application is built) or the start (another CDI
 * Lite container, a Jakarta EE Core Profile runtime) of an application in which a class uses
 * {@link PlaytchaLogin}: such a container runs no portable extension, so
 * {@link PlaytchaSecurityExtension} would never register the interceptor and the login would go
 * unguarded without a word. No Jakarta Security runtime calls an {@code HttpAuthenticationMechanism}
 * there, so there is nothing to guard: the error says to guard the login endpoint itself. Where CDI
 * Full runs portable extensions (Weld: WildFly, Open Liberty, Payara), this extension is skipped and
 * {@code PlaytchaSecurityExtension} guards. Found through
 * {@code META-INF/services/jakarta.enterprise.inject.build.compatible.spi.BuildCompatibleExtension}.
 */
@SkipIfPortableExtensionPresent(PlaytchaSecurityExtension.class)
public class PlaytchaSecurityLiteExtension implements BuildCompatibleExtension {

    /**
     * Each class that carries {@code @PlaytchaLogin} (on itself or a method) fails the start, named; not
     * an interceptor, whose {@code @PlaytchaLogin} says what it intercepts (this jar's own
     * {@code PlaytchaLoginInterceptor}, which Quarkus indexes with the jar).
     */
    @Enhancement(types = Object.class, withSubtypes = true, withAnnotations = PlaytchaLogin.class)
    public void refuse(ClassInfo type, Messages messages) {
        if (!type.hasAnnotation(Interceptor.class)) {
            messages.error(message(type.name()), type);
        }
    }

    static String message(String type) {
        return "@PlaytchaLogin on " + type + " guards nothing here: this CDI container runs no portable extensions"
                + " (CDI Lite, such as Quarkus) and no Jakarta Security mechanism. In Quarkus, put Quarkus Security's logins"
                + " under the login policy: the playtcha-jakarta-quarkus jar and playtcha.login.require"
                + " (docs/quarkus.md, \"Logins\")."
                + " Or guard the login endpoint itself:"
                + " @PlaytchaProtected (com.playtcha.jakarta.rest, in the playtcha-jakarta-rest jar) on its Jakarta REST method, or"
                + " PlaytchaVerifier.verify(token, clientAddress, path) in it, and remove @PlaytchaLogin"
                + " (docs/login.md, \"Jakarta Security\")";
    }
}
