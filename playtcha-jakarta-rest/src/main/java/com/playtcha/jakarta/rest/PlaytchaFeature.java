package com.playtcha.jakarta.rest;

import com.playtcha.jakarta.core.InvalidSettingException;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.spi.VerifierFactory;
import jakarta.ws.rs.ConstrainedTo;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.RuntimeType;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.ext.Provider;
import java.lang.System.Logger.Level;
import java.lang.reflect.Method;

/**
 * Registers the filter behind {@link PlaytchaProtected}. No runtime tested needs it registered: Jersey (Helidon
 * MP, its servlet container) registers it through {@link JerseyDiscovery}, RESTEasy (WildFly) from this jar's
 * {@code META-INF/services/jakarta.ws.rs.ext.Providers} whatever the {@code Application} lists, runtimes that
 * scan find its {@code @Provider}, Quarkus REST finds it in this jar's Jandex index. Elsewhere register it:
 *
 * <pre>{@code
 * @ApplicationPath("/api")
 * public class Api extends Application {
 *     public Set<Class<?>> getClasses() {
 *         return Set.of(SignupResource.class, PlaytchaFeature.class);
 *     }
 * }
 * // Jersey: new ResourceConfig(SignupResource.class).register(PlaytchaFeature.class)
 * }</pre>
 *
 * <p>The settings are the servlet filter's, from MicroProfile Config, else system properties and the
 * environment; they are read when the runtime configures the application, so a missing secret or a
 * bad value fails start-up with an {@link InvalidSettingException} naming the key. The verifier is
 * the application's CDI {@code PlaytchaVerifier} where CDI runs, else one of the filter's own
 * ({@code ApplicationVerifier}).
 *
 * <p>To hand it a verifier and settings yourself (no CDI, a test, several applications with one
 * pool), register an instance: {@code register(new PlaytchaFeature(verifier, settings))}. That
 * verifier is yours to close.
 *
 * <p>It is a {@link DynamicFeature}: the runtime shows it each resource method, and it registers the
 * filter on those annotated themselves or through their class, so the filter knows its method
 * without {@code @Context ResourceInfo} (which Quarkus REST does not inject into a filter a feature
 * registers). The filter runs at {@link Priorities#AUTHENTICATION}, before authorization and before
 * the resource reads the body. docs/rest.md has the whole story.
 */
@Provider
@ConstrainedTo(RuntimeType.SERVER) // a client never applies a DynamicFeature; a runtime that lists it for both skips it there
public final class PlaytchaFeature implements DynamicFeature {

    private static final System.Logger LOG = System.getLogger(PlaytchaFeature.class.getName());
    private static final boolean SERVLET_PRESENT = VerifierFactory.present("jakarta.servlet.http.HttpServletRequest");
    /** Quarkus REST (and the Mutiny it ships): {@code QuarkusRest} may be loaded. */
    static final boolean QUARKUS_REST =
            VerifierFactory.present("org.jboss.resteasy.reactive.server.spi.ResteasyReactiveContainerRequestContext")
            && VerifierFactory.present("io.smallrye.mutiny.infrastructure.Infrastructure");

    private final PlaytchaVerifier verifier;
    private final PlaytchaSettings settings;
    /** The settings used and the verifier's source, made at the first resource method shown: one for the application. */
    private Guard guard;

    /** The application's verifier, or one built from the application's settings. */
    public PlaytchaFeature() {
        this.verifier = null;
        this.settings = null;
    }

    /**
     * This verifier, never closed here, and these settings for the decision (mode, fail mode,
     * reject status) and the token's header, field and methods.
     */
    public PlaytchaFeature(PlaytchaVerifier verifier, PlaytchaSettings settings) {
        this.verifier = java.util.Objects.requireNonNull(verifier, "verifier");
        this.settings = java.util.Objects.requireNonNull(settings, "settings");
    }

    /**
     * Registers the filter on {@code resource}'s method when it or its class carries
     * {@link PlaytchaProtected}. The first call reads the settings, so a bad one fails start-up
     * whether or not this method is guarded.
     */
    @Override
    public void configure(ResourceInfo resource, FeatureContext context) {
        Guard app = guard();
        Method method = resource.getResourceMethod();
        boolean onMethod = method != null && PlaytchaRequestFilter.annotatedItself(method);
        if (onMethod || annotated(resource.getResourceClass())) {
            context.register(app.filter(onMethod), Priorities.AUTHENTICATION);
        }
    }

    private synchronized Guard guard() {
        if (guard == null) {
            PlaytchaSettings used = settings != null ? settings : load();
            guard = new Guard(used, new ApplicationVerifier(verifier, used));
            LOG.log(Level.INFO, "Playtcha guards @PlaytchaProtected resources [{0}]", used);
        }
        return guard;
    }

    /** Whether the class, a superclass or an interface of it carries the annotation (a CDI subclass carries none of its own). */
    static boolean annotated(Class<?> type) {
        if (type == null || type == Object.class) {
            return false;
        }
        if (type.isAnnotationPresent(PlaytchaProtected.class) || annotated(type.getSuperclass())) {
            return true;
        }
        for (Class<?> implemented : type.getInterfaces()) {
            if (annotated(implemented)) {
                return true;
            }
        }
        return false;
    }

    /** One application's settings and verifier: each guarded method's filter shares them. */
    private record Guard(PlaytchaSettings settings, ApplicationVerifier verifier) {
        PlaytchaRequestFilter filter(boolean onMethod) {
            return SERVLET_PRESENT ? InServlet.filter(settings, verifier, onMethod)
                    : new PlaytchaRequestFilter(settings, verifier, onMethod);
        }
    }

    private static PlaytchaSettings load() {
        try {
            return VerifierFactory.settings(null); // the thread context class loader's
        } catch (InvalidSettingException e) {
            LOG.log(Level.ERROR, "Playtcha REST filter is misconfigured: {0}", e.getMessage());
            throw e;
        }
    }

    /** Loaded only where the Servlet API exists: verifying this method loads the servlet-aware filter. */
    private static final class InServlet {
        static PlaytchaRequestFilter filter(PlaytchaSettings settings, ApplicationVerifier verifier, boolean onMethod) {
            return new ServletAddressFilter(settings, verifier, onMethod);
        }
    }
}
