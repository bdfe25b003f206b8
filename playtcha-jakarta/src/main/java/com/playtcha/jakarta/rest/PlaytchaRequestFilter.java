package com.playtcha.jakarta.rest;

import com.playtcha.jakarta.core.AcceptHeader;
import com.playtcha.jakarta.core.Decision;
import com.playtcha.jakarta.core.DecisionAttributes;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.Policy;
import com.playtcha.jakarta.core.RejectionBody;
import com.playtcha.jakarta.core.Verification;
import com.playtcha.jakarta.core.VerificationResult;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * The filter {@link PlaytchaProtected} binds; {@link PlaytchaFeature} creates and registers it at
 * {@code Priorities.AUTHENTICATION}. It does for a resource method what {@code PlaytchaFilter} does
 * for a URL pattern, with the same settings, the same {@code Decision} and the same answers:
 *
 * <ul>
 *   <li>the token comes from the {@code token-header} header, or else from the {@code token-parameter}
 *       field of an {@code application/x-www-form-urlencoded} body, which is read (at most 1 MiB) and
 *       put back, so the resource still gets the whole form. Multipart, JSON and the query string are
 *       not read: such clients send the header.</li>
 *   <li>the outcome is published as request properties under the {@link DecisionAttributes} names
 *       ({@code com.playtcha.outcome}...), which a resource reads with
 *       {@code @Context ContainerRequestContext} (and, on a servlet-based runtime, as request
 *       attributes). A request the servlet filter already verified is not verified again: its result
 *       is reused, as a second PlaytchaFilter would.</li>
 *   <li>a blocked request is aborted with the decision's status ({@code reject-status}, 429 with
 *       {@code Retry-After}, 503), with the JSON envelope {@code {"error": {...}}} for clients that
 *       prefer JSON, and without a body otherwise. In {@code mode=observe} nothing is blocked.</li>
 * </ul>
 *
 * <p>The client's verify budget is kept by the address the servlet container saw, on servlet-based
 * runtimes (Jersey, RESTEasy in WildFly); Jakarta REST itself has no client address, so elsewhere
 * there is no per-client budget.
 */
@PlaytchaProtected
public class PlaytchaRequestFilter implements ContainerRequestFilter {

    private static final System.Logger LOG = System.getLogger(PlaytchaRequestFilter.class.getName());
    /** A matrix parameter, {@code ;jsessionid=...}, up to the next segment. */
    private static final Pattern PATH_PARAMETER = Pattern.compile(";[^/]*");

    private final PlaytchaSettings settings;
    private final Policy policy;
    private final ApplicationVerifier verifier;

    /** Per resource method, whether it is annotated itself (through the methods it overrides); as many as the application has. */
    private final Map<Method, Boolean> annotatedMethods = new ConcurrentHashMap<>();

    @Context
    private ResourceInfo resource;

    PlaytchaRequestFilter(PlaytchaSettings settings, ApplicationVerifier verifier) {
        this.settings = settings;
        this.policy = Policy.of(settings);
        this.verifier = verifier;
    }

    @Override
    public void filter(ContainerRequestContext request) throws IOException {
        if (!guards(request.getMethod())) {
            return;
        }
        VerificationResult earlier = request.getProperty(DecisionAttributes.RESULT) instanceof VerificationResult first
                ? first : null;
        Verification verification = earlier != null ? null
                : verifier.get().verify(tokenOf(request), clientAddress(), pathOf(request), policy);
        VerificationResult result = earlier != null ? earlier : verification.result();
        Decision decision = earlier != null ? Decision.of(earlier, policy) : verification.decision();
        DecisionAttributes.publish(result, decision, properties(request));
        if (earlier == null) {
            DecisionAttributes.ledgerEntry(verification.ledgerEntry(), properties(request));
        }
        if (!decision.proceeds()) {
            request.abortWith(rejection(request, result, decision));
        } else if (decision.status() != 0) {
            LOG.log(Level.INFO, "Playtcha observe mode: enforce would answer {0} [code={1}, request_id={2}, uri={3}]",
                    decision.status(), result.errorCode(), result.requestId(), pathOf(request));
        }
    }

    /** A method annotated itself is always guarded; one guarded through its class, for the methods in {@code methods}. */
    private boolean guards(String httpMethod) {
        Method method = resource == null ? null : resource.getResourceMethod();
        return method != null && annotatedMethods.computeIfAbsent(method, PlaytchaRequestFilter::annotatedItself)
                || settings.guards(httpMethod);
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

    private String tokenOf(ContainerRequestContext request) throws IOException {
        String fromHeader = request.getHeaderString(settings.tokenHeader());
        if (fromHeader != null && !fromHeader.isBlank()) {
            return fromHeader;
        }
        return FormToken.read(request, settings.tokenParameter());
    }

    /** The client's address as the container saw it, or {@code null} where the runtime does not say. */
    String clientAddress() {
        return null;
    }

    static Response rejection(ContainerRequestContext request, VerificationResult result, Decision decision) {
        Response.ResponseBuilder answer = Response.status(decision.status());
        if (decision.retryAfterSeconds() > 0) {
            answer.header(HttpHeaders.RETRY_AFTER, Long.toString(decision.retryAfterSeconds()));
        }
        if (AcceptHeader.prefersJson(request.getHeaderString(HttpHeaders.ACCEPT))) {
            answer.header(HttpHeaders.CACHE_CONTROL, "no-store")
                    .type(MediaType.APPLICATION_JSON_TYPE.withCharset("UTF-8"))
                    .entity(RejectionBody.json(result, decision));
        }
        return answer.build();
    }

    /** The request URI's path without matrix parameters: a {@code ;jsessionid=...} must not reach the ledger or the logs. */
    static String pathOf(ContainerRequestContext request) {
        String path = request.getUriInfo().getRequestUri().getRawPath();
        return path.indexOf(';') < 0 ? path : PATH_PARAMETER.matcher(path).replaceAll("");
    }

    private static BiConsumer<String, Object> properties(ContainerRequestContext request) {
        return (name, value) -> {
            if (value == null) {
                request.removeProperty(name);
            } else {
                request.setProperty(name, value);
            }
        };
    }

    @Override
    public String toString() {
        return "PlaytchaRequestFilter[" + settings + "]";
    }
}
