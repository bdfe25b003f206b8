package com.playtcha.jakarta.rest;

import com.playtcha.jakarta.core.DecisionAttributes;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.Policy;
import com.playtcha.jakarta.spi.store.LogThrottle;
import com.playtcha.jakarta.spi.web.Rejection;
import com.playtcha.jakarta.spi.web.WebDecision;
import com.playtcha.jakarta.spi.web.WebGuard;
import com.playtcha.jakarta.spi.web.ObserveNote;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The filter of a {@link PlaytchaProtected} resource method; {@link PlaytchaFeature} creates one per
 * guarded method and registers it on that method at {@code Priorities.AUTHENTICATION}. It does for a
 * resource method what {@code PlaytchaFilter} does for a URL pattern, with the same settings, decision and answers: the token from the
 * {@code token-header} header or the {@code token-parameter} field of an urlencoded body (read and put
 * back, {@code FormToken}); the outcome as request properties under the {@link DecisionAttributes}
 * names (a result the servlet filter left is reused); a blocked request aborted with the decision's
 * status, and the JSON envelope for a client that prefers JSON. In Quarkus REST a request filtered on
 * the I/O thread is decided on a worker thread ({@code QuarkusRest}). The client's budget is kept by the
 * servlet container's address where there is one ({@code ServletAddressFilter}), Vert.x's in Quarkus
 * REST, Helidon's server request's in Helidon MP; docs/rest.md has the details.
 */
public class PlaytchaRequestFilter implements ContainerRequestFilter {

    private static final System.Logger LOG = System.getLogger(PlaytchaRequestFilter.class.getName());
    /** This filter's name in log lines, where the servlet filter writes its filter name. */
    private static final String NAME = "@PlaytchaProtected";
    /** The request property in which Helidon MP 4 (and 2, 3) gives Jersey the connection's remote host. */
    static final String HELIDON_REMOTE_HOST = "io.helidon.jaxrs.remote-host";

    private final PlaytchaSettings settings;
    /** Reuses or verifies, publishes the properties, says the answer: the part every web filter shares. */
    private final WebGuard guard;

    /** Whether the method is annotated itself (through the methods it overrides), not only through its class. */
    private final boolean onMethod;
    /** Observe mode's note, which any client writes with one request: at INFO at most once per 10 s, with the count since. */
    private final LogThrottle observed = new LogThrottle(10, TimeUnit.SECONDS);

    PlaytchaRequestFilter(PlaytchaSettings settings, ApplicationVerifier verifier, boolean onMethod) {
        this.settings = settings;
        this.onMethod = onMethod;
        this.guard = new WebGuard(NAME, Policy.of(settings), verifier::get);
    }

    @Override
    public void filter(ContainerRequestContext request) throws IOException {
        if (!guards(request.getMethod())) {
            return;
        }
        if (PlaytchaFeature.QUARKUS_REST && QuarkusRest.offloaded(request, () -> decide(request))) {
            return;
        }
        decide(request);
    }

    private void decide(ContainerRequestContext request) throws IOException {
        WebDecision decided = guard.decide(new RestGuardedRequest(request, clientAddress(request), settings.tokenHeader(),
                settings.tokenParameter()));
        ObserveNote.log(decided.observeNote(), LOG, observed);
        if (!decided.proceeds()) {
            request.abortWith(answer(decided.rejection()));
        }
    }

    /** A method annotated itself is always guarded; one guarded through its class, for the methods in {@code methods}. */
    private boolean guards(String httpMethod) {
        return onMethod || settings.guards(httpMethod);
    }

    /**
     * Whether the method, or a method it overrides in a superclass or an interface, carries
     * {@link PlaytchaProtected}. Jakarta REST takes a resource method's annotations from the
     * interface or superclass method it implements (annotation inheritance), and so binds this filter
     * for an annotation written there, as OpenAPI generators write resources; a CDI proxy's
     * subclass carries no annotations of its own either. Looking at the method alone would read
     * such a method as guarded only through its class, and pass a {@code GET} for want of
     * {@code playtcha.methods}.
     */
    static boolean annotatedItself(Method method) {
        Deque<Class<?>> types = new ArrayDeque<>();
        Set<Class<?>> seen = new HashSet<>();
        types.add(method.getDeclaringClass());
        while (!types.isEmpty()) {
            Class<?> type = types.poll();
            if (!seen.add(type)) {
                continue;
            }
            for (Method candidate : type.getDeclaredMethods()) {
                if (candidate.isAnnotationPresent(PlaytchaProtected.class) && overrides(method, candidate)) {
                    return true;
                }
            }
            if (type.getSuperclass() != null) {
                types.add(type.getSuperclass());
            }
            types.addAll(List.of(type.getInterfaces()));
        }
        return false;
    }

    /** Same name and parameters; a generic parameter of the overridden method accepts the resource's type. */
    private static boolean overrides(Method method, Method candidate) {
        if (!method.getName().equals(candidate.getName()) || method.getParameterCount() != candidate.getParameterCount()) {
            return false;
        }
        Class<?>[] mine = method.getParameterTypes();
        Class<?>[] theirs = candidate.getParameterTypes();
        for (int i = 0; i < mine.length; i++) {
            if (!theirs[i].isAssignableFrom(mine[i])) {
                return false;
            }
        }
        return true;
    }

    /**
     * The client's address as the runtime saw it (Quarkus REST: Vert.x's; Helidon MP: its server request's
     * remote peer, which it hands Jersey as the request property {@value #HELIDON_REMOTE_HOST}), or
     * {@code null} where it does not say.
     */
    String clientAddress(ContainerRequestContext request) {
        String vertx = PlaytchaFeature.QUARKUS_REST ? QuarkusRest.clientAddress(request) : null;
        if (vertx != null) {
            return vertx;
        }
        return request.getProperty(HELIDON_REMOTE_HOST) instanceof String host && !host.isBlank() ? host : null;
    }

    /** The rejection as a response: no body unless the client prefers JSON, so no {@code ExceptionMapper} renders it. */
    private static Response answer(Rejection rejection) {
        Response.ResponseBuilder answer = Response.status(rejection.status());
        rejection.headers().forEach(answer::header);
        if (rejection.json() != null) {
            answer.type(MediaType.valueOf(Rejection.JSON_TYPE)).entity(rejection.json());
        }
        return answer.build();
    }

    @Override
    public String toString() {
        return "PlaytchaRequestFilter[" + settings + "]";
    }
}
