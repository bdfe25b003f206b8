package com.playtcha.jakarta.security;

import jakarta.decorator.Decorator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AnnotatedMethod;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.DefinitionException;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import jakarta.enterprise.inject.spi.ProcessProducer;
import jakarta.enterprise.inject.spi.WithAnnotations;
import jakarta.enterprise.util.AnnotationLiteral;
import java.lang.System.Logger.Level;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;

/**
 * Registers {@link PlaytchaLoginInterceptor}, and the decorators that let it decide the password checks
 * identity stores make ({@link GuardedIdentityStore}, {@link GuardedIdentityStoreHandler}, both through
 * {@link StoreGuard}), wraps the producers that make identity stores ({@link GuardedProducer}), in CDI
 * applications where the Jakarta Security API is visible to the library, and checks every
 * {@link PlaytchaLogin#paths()} and {@link PlaytchaLogin#exemptPaths()} when the application starts: a
 * pattern that is no servlet URL pattern fails deployment, naming the class. Found by CDI through
 * {@code META-INF/services/jakarta.enterprise.inject.spi.Extension}.
 *
 * <p>Why an extension and not discovery: the interceptor names Jakarta Security types, which a
 * Tomcat or Jetty with Weld does not have. This jar's {@code beans.xml} excludes this package from
 * discovery (the jar stays a bean archive, which Payara needs for the interceptor to see the
 * library's beans), and this class, which names only CDI types, adds the interceptor after
 * {@code Class.forName} found the API. A container that runs no portable extension (CDI Lite) runs
 * {@link PlaytchaSecurityLiteExtension} instead, which refuses to start.
 */
public class PlaytchaSecurityExtension implements Extension {

    /** The system property an Open Liberty server sets: its name. */
    private static final String LIBERTY = "wlp.server.name";

    static final String SECURITY_API = "jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism";

    private static final System.Logger LOG = System.getLogger(PlaytchaSecurityExtension.class.getName());

    /** Whether the Jakarta Security API is present: the guard's types may be named. */
    private boolean api;
    /** Whether a class of the application carries {@link PlaytchaLogin}: checks off a request then fail closed. */
    private volatile boolean guardsLogins;

    void register(@Observes BeforeBeanDiscovery discovery) {
        if (!apiPresent()) {
            LOG.log(Level.DEBUG, "Jakarta Security API absent: @PlaytchaLogin has no interceptor");
            return;
        }
        api = true;
        discovery.addAnnotatedType(PlaytchaLoginInterceptor.class, PlaytchaLoginInterceptor.class.getName());
        discovery.addAnnotatedType(StoreGuard.class, StoreGuard.class.getName()).add(ApplicationScoped.Literal.INSTANCE);
        discovery.addAnnotatedType(GuardedIdentityStore.class, GuardedIdentityStore.class.getName()).add(AsDecorator.INSTANCE);
        if (System.getProperty(LIBERTY) == null) {
            // Open Liberty takes any bean of this type, a decorator too, for the application's own handler and
            // then registers none of its own; its handler is no bean CDI decorates either.
            discovery.addAnnotatedType(GuardedIdentityStoreHandler.class, GuardedIdentityStoreHandler.class.getName())
                    .add(AsDecorator.INSTANCE);
        }
    }

    /**
     * {@code @Decorator}, which the two decorators get here and not in their source: Quarkus indexes this jar
     * and ignores its {@code beans.xml} exclusion, and a decorator it found there, of a Jakarta Security type
     * it cannot resolve, would fail the build before {@link PlaytchaSecurityLiteExtension} names the class.
     */
    private static final class AsDecorator extends AnnotationLiteral<Decorator> implements Decorator {
        private static final long serialVersionUID = 1L;
        static final AsDecorator INSTANCE = new AsDecorator();
    }

    <T> void checkPaths(@Observes @WithAnnotations(PlaytchaLogin.class) ProcessAnnotatedType<T> event) {
        Class<T> type = event.getAnnotatedType().getJavaClass();
        guardsLogins |= type != PlaytchaLoginInterceptor.class;
        check(type.getName(), PlaytchaLoginInterceptor.binding(type));
        for (AnnotatedMethod<? super T> method : event.getAnnotatedType().getMethods()) {
            check(method.getJavaMember().toString(), PlaytchaLoginInterceptor.binding(method.getJavaMember()));
        }
    }

    /**
     * Wraps each producer method or field that makes an identity store or handler ({@link GuardedProducer}):
     * CDI decorates managed beans only. One declared to return a class cannot be wrapped, and fails the
     * deployment where a class carries {@code @PlaytchaLogin}, naming the producer.
     */
    <T, X> void guardProducers(@Observes ProcessProducer<T, X> event, BeanManager beans) {
        Type type = event.getAnnotatedMember().getBaseType();
        Class<?> declared = type instanceof Class<?> raw ? raw
                : type instanceof ParameterizedType parameterized && parameterized.getRawType() instanceof Class<?> raw ? raw : null;
        if (!api || declared == null || !GuardedProducer.checksPasswords(declared)) {
            return;
        }
        if (declared.isInterface()) {
            event.setProducer(new GuardedProducer<>(event.getProducer(), declared, beans));
        } else if (guardsLogins) {
            event.addDefinitionError(new DefinitionException(event.getAnnotatedMember().getJavaMember() + " makes an identity "
                    + "store of the class " + declared.getName() + ", which @PlaytchaLogin cannot guard: CDI decorates no "
                    + "producer's product, and the guard wraps it in a proxy of its declared interface. Declare the "
                    + "producer to return IdentityStore (or IdentityStoreHandler, or an interface of yours that extends it)"));
        }
    }

    /** Whether a class of the application carries {@link PlaytchaLogin}, as this extension saw them. */
    boolean guardsLogins() {
        return guardsLogins;
    }

    private static void check(String where, PlaytchaLogin login) {
        if (login == null) {
            return;
        }
        check(where, "paths", login.paths());
        check(where, "exemptPaths", login.exemptPaths());
    }

    private static void check(String where, String attribute, String[] patterns) {
        try {
            LoginPaths.of(patterns);
        } catch (IllegalArgumentException e) {
            throw new DefinitionException(where + ": @PlaytchaLogin(" + attribute + "): " + e.getMessage(), e);
        }
    }

    static boolean apiPresent() {
        try {
            Class.forName(SECURITY_API, false, PlaytchaSecurityExtension.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
