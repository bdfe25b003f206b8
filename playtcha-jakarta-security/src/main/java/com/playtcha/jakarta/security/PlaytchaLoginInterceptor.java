package com.playtcha.jakarta.security;

import com.playtcha.jakarta.core.Decision;
import com.playtcha.jakarta.core.DecisionAttributes;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.Policy;
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.spi.door.LoginProtocol;
import com.playtcha.jakarta.spi.store.LogThrottle;
import com.playtcha.jakarta.spi.store.LoginFailures;
import com.playtcha.jakarta.spi.login.LoginAccount;
import com.playtcha.jakarta.spi.web.LoginAnswer;
import com.playtcha.jakarta.spi.web.LoginRenderer;
import com.playtcha.jakarta.spi.login.LoginPolicy;
import com.playtcha.jakarta.spi.web.Rejection;
import com.playtcha.jakarta.spi.servlet.ServletRejection;
import com.playtcha.jakarta.spi.servlet.ServletRequestView;
import com.playtcha.jakarta.spi.web.WebGuard;
import com.playtcha.jakarta.spi.web.WebLogin;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Serializable;
import java.lang.System.Logger.Level;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.security.Principal;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The interceptor {@link PlaytchaLogin} binds: around {@code validateRequest} of an
 * {@code HttpAuthenticationMechanism}, it decides a login attempt with Playtcha and either calls the
 * mechanism or refuses without calling it (the class documentation of {@link PlaytchaLogin} says
 * what a login attempt is and how a refusal is answered). Enabled for the application by its
 * {@code @Priority}, between the container's interceptors ({@code PLATFORM_BEFORE + 200..220}, which
 * wrap it) and the application's; {@link PlaytchaSecurityExtension} registers it where the Jakarta
 * Security API is present.
 *
 * <p>With {@code playtcha.login.require=after-failures} the attempt needs a token only as
 * {@link LoginPolicy} decides for its account (the credential given to {@code SecurityContext.authenticate},
 * read as {@link GuardedCall#accountOf} reads it and never from the request; else the request parameter
 * {@link PlaytchaLogin#accountParameter}) and its client. Each check an identity store makes meanwhile is
 * decided and counted on its own ({@link GuardedCall}); with none, the {@code AuthenticationStatus} the
 * mechanism returns is counted ({@code SUCCESS} gives back what the attempt counted in advance and clears
 * nothing, {@code SEND_FAILURE} counts a failure, any other counts nothing).
 *
 * <p>The settings and the verifier are the application's CDI beans ({@code PlaytchaSettings} and
 * {@code PlaytchaVerifier}, produced from MicroProfile Config unless the application declares its
 * own), looked up on the first login attempt: a missing secret fails that attempt, naming the key,
 * and leaves every other request of the application alone.
 */
@PlaytchaLogin
@Interceptor
@Priority(Interceptor.Priority.LIBRARY_BEFORE + 10)
public class PlaytchaLoginInterceptor implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final System.Logger LOG = System.getLogger(PlaytchaLoginInterceptor.class.getName());
    /** This guard's name in log lines, where the servlet filter writes its filter name. */
    private static final String NAME = "@PlaytchaLogin";
    /** The refusal of a login that the mechanism made outside {@code paths} ({@link #passedThrough}). */
    static final VerificationResult.Rejected NOT_GUARDED = VerificationResult.Rejected.local("login_not_guarded",
            "this login was refused: it was made at a path that @PlaytchaLogin(paths) does not name");

    @Inject
    Instance<PlaytchaSettings> settings;

    @Inject
    Instance<PlaytchaVerifier> verifiers;

    /** The login counts held beside the application's verifier ({@code PlaytchaVerifierProducer}). */
    @Inject
    Instance<LoginFailures> loginFailures;

    /** The settings and the web side of the login built on them, on the first login attempt. */
    private transient volatile Login login;

    /** The WARNING of a login outside {@code paths}: at most one a minute, with the count since the last. */
    private final LogThrottle unguardedLogins = new LogThrottle(1, TimeUnit.MINUTES);
    /** Observe mode's note, which any client writes with one login attempt: at INFO at most once per 10 s, with the count since. */
    private final LogThrottle observed = new LogThrottle(10, TimeUnit.SECONDS);

    private record Login(PlaytchaSettings settings, WebLogin web) {
    }

    @AroundInvoke
    public Object guard(InvocationContext invocation) throws Exception {
        Object[] arguments = invocation.getParameters();
        if (!invocation.getMethod().getName().equals("validateRequest") || arguments.length != 3
                || !(arguments[0] instanceof HttpServletRequest request)
                || !(arguments[1] instanceof HttpServletResponse response)
                || !(arguments[2] instanceof HttpMessageContext context)) {
            return invocation.proceed();
        }
        // Decided before the settings are even loaded: a request that is no login costs nothing more.
        boolean attempt = carriesCredentials(context) || couldCarryCredentials(request) && namesALoginPath(invocation, request);
        // Whether its checks pass undecided, read from the binding here (no settings loaded): the call never asks back.
        boolean exempt = !attempt && exempt(invocation, request);
        GuardedCall call = GuardedCall.begin(() -> login().web(), new SecurityGuardedRequest(request, () -> login().settings()),
                response, exempt, observed);
        try {
            if (attempt) {
                LoginAnswer upfront = call.decide(account(invocation, request, context),
                        carriesCredentials(context) ? context.getAuthParameters().getCredential() : null);
                if (!upfront.proceeds()) {
                    return refused(request, response, upfront);
                }
            }
            return called(invocation, request, response, context, call);
        } finally {
            call.end();
        }
    }

    /**
     * Runs the mechanism in {@code call}: a check its stores make is decided there; one refused answers the
     * request. Then each attempt is settled, and a login that nothing here decided is refused unless exempt
     * ({@link #unguarded}).
     */
    private Object called(InvocationContext invocation, HttpServletRequest request, HttpServletResponse response,
            HttpMessageContext context, GuardedCall call) throws Exception {
        Principal before = request.getUserPrincipal();
        Object status;
        try {
            status = invocation.proceed();
        } catch (GuardedCall.Refused refused) {
            return refused(request, response, call.refused());
        }
        if (call.refused() != null) { // the mechanism caught the refusal: the store was not asked all the same
            return refused(request, response, call.refused());
        }
        call.settle(status);
        return call.decided() ? status : unguarded(invocation, request, response, context, status, before);
    }

    /** Answers a refused attempt (the store not asked) and tells the runtime the answer is written. */
    private Object refused(HttpServletRequest request, HttpServletResponse response, LoginAnswer refused) throws IOException {
        Rejection rejection = refused.refusal();
        LOG.log(Level.DEBUG, "Playtcha refused a login [status={0}, code={1}, request_id={2}, uri={3}]", rejection.status(),
                request.getAttribute(DecisionAttributes.ERROR_CODE), request.getAttribute(DecisionAttributes.REQUEST_ID),
                WebGuard.path(request.getRequestURI()));
        if (!response.isCommitted()) {
            response.resetBuffer();
            refuse(request, response, rejection);
        }
        // Not SEND_FAILURE: Open Liberty serves an unprotected URL (the usual login URL) after a
        // failure, behind the answer written here; SEND_CONTINUE tells every runtime, and the
        // application code that called SecurityContext.authenticate, that the response is written.
        return AuthenticationStatus.SEND_CONTINUE;
    }

    /**
     * A call in which nothing was decided (no login attempt as {@code paths} reads it, no store asked
     * through the guard): if the mechanism logged in a caller other than the request's own (it checked a
     * password in a way the guard could not see, at a path {@code paths} does not name), that login is
     * refused as the guard refuses one, unless the path is one of {@link PlaytchaLogin#exemptPaths}: a
     * misconfigured guard fails closed. The request's own caller again (a session going on) is left alone;
     * {@code @AutoApplySession} and {@code @RememberMe} wrap this interceptor, so a login they continue
     * does not reach it.
     */
    private Object unguarded(InvocationContext invocation, HttpServletRequest request, HttpServletResponse response,
            HttpMessageContext context, Object status, Principal before) throws IOException {
        Principal caller = status == AuthenticationStatus.SUCCESS ? context.getCallerPrincipal() : null;
        // The request's own caller again is a session going on; anyone else is a new login, also on a
        // request that had a caller (a logged-in attacker naming a victim).
        if (caller == null || (before != null && Objects.equals(before.getName(), caller.getName()))
                || exempt(invocation, request)) {
            return status;
        }
        long refused = unguardedLogins.count(System.nanoTime());
        if (refused > 0) {
            LOG.log(Level.WARNING, "Refused a login outside @PlaytchaLogin(paths): {0} logged a caller in at a path "
                    + "its paths do not name, without asking an identity store the guard sees, so no token was asked "
                    + "for; add the path to @PlaytchaLogin(paths), or to @PlaytchaLogin(exemptPaths) if logins there "
                    + "need none [uri={1}, paths={2}, refused={3}]",
                    mechanism(invocation), WebGuard.path(request.getRequestURI()), paths(invocation).patterns(), refused);
        }
        Rejection rejection = Rejection.of(NOT_GUARDED, Decision.of(NOT_GUARDED, Policy.of(login().settings())),
                request.getHeader("Accept"));
        if (!response.isCommitted()) {
            response.reset();
            LoginRenderer.notGuarded(response::setHeader);
            refuse(request, response, rejection);
        }
        return AuthenticationStatus.SEND_CONTINUE;
    }

    /** The mechanism's class, without the container's proxy or subclass suffix. */
    private static String mechanism(InvocationContext invocation) {
        Class<?> type = invocation.getTarget().getClass();
        while (type.getSuperclass() != null && type.getName().contains("$")) {
            type = type.getSuperclass();
        }
        return type.getName();
    }

    /**
     * Whether the request's path is one of the binding's {@code exemptPaths} in every form it has (the
     * container's mapping and the canonical request URI): a path that only one reading exempts is not.
     */
    private static boolean exempt(InvocationContext invocation, HttpServletRequest request) {
        PlaytchaLogin binding = binding(invocation);
        if (binding == null || binding.exemptPaths().length == 0) {
            return false;
        }
        return LoginPaths.of(binding.exemptPaths()).namedInEveryForm(mappedPath(request), request.getRequestURI(),
                request.getContextPath());
    }

    /**
     * The account the attempt names: the one the credential given to {@code SecurityContext.authenticate}
     * names ({@link GuardedCall#accountOf}: unreadable for a type the guard cannot read, never a name from
     * the request); else the request parameter the binding names, read as the mechanism's
     * {@code getParameter} reads it ({@link ServletRequestView#account}); or none.
     */
    private static LoginAccount account(InvocationContext invocation, HttpServletRequest request, HttpMessageContext context) {
        if (carriesCredentials(context)) {
            return GuardedCall.accountOf(context.getAuthParameters().getCredential());
        }
        PlaytchaLogin binding = binding(invocation);
        return binding == null ? LoginAccount.Unnamed.NONE : ServletRequestView.account(request, binding.accountParameter());
    }

    /** Whether application code called {@code SecurityContext.authenticate} with credentials. */
    private static boolean carriesCredentials(HttpMessageContext context) {
        return context.isAuthenticationRequest() && context.getAuthParameters() != null
                && context.getAuthParameters().getCredential() != null;
    }

    /** Whether {@code request} could hand a mechanism credentials, as {@link PlaytchaLogin} defines it. */
    private static boolean couldCarryCredentials(HttpServletRequest request) {
        String query = request.getQueryString();
        long length = request.getContentLengthLong();
        return (query != null && !query.isEmpty()) || length > 0 || request.getHeader("Transfer-Encoding") != null
                || (length < 0 && (request.getContentType() != null || unannouncedBody(request)))
                || request.getHeader("Authorization") != null;
    }

    /** Whether a body may come without any header saying so: HTTP/2 and later, a method that carries one. */
    private static boolean unannouncedBody(HttpServletRequest request) {
        String protocol = request.getProtocol();
        String method = request.getMethod();
        return protocol != null && !protocol.startsWith("HTTP/1.") && !protocol.startsWith("HTTP/0.")
                && !"GET".equalsIgnoreCase(method) && !"HEAD".equalsIgnoreCase(method)
                && !"OPTIONS".equalsIgnoreCase(method);
    }

    /**
     * Whether the request names one of the binding's paths in any form ({@link LoginPaths#namedBy}).
     * A container may refuse to say how it mapped a path it finds ambiguous (Jetty throws): then the
     * request URI alone decides.
     */
    private static boolean namesALoginPath(InvocationContext invocation, HttpServletRequest request) {
        return paths(invocation).namedBy(mappedPath(request), request.getRequestURI(), request.getContextPath());
    }

    /** Servlet path and path info as the container mapped them, or {@code null} where it would not say. */
    private static String mappedPath(HttpServletRequest request) {
        try {
            String servletPath = request.getServletPath() == null ? "" : request.getServletPath();
            return request.getPathInfo() == null ? servletPath : servletPath + request.getPathInfo();
        } catch (RuntimeException ambiguous) {
            return null;
        }
    }

    /**
     * The {@code paths} of the {@link PlaytchaLogin} that bound this call ({@link #binding}): on the
     * method, else on the mechanism's class or a superclass (the target may be the container's
     * subclass of it). A binding this interceptor cannot read (one a portable extension added) is
     * taken to name every path: the mechanism is guarded, never left open.
     */
    private static LoginPaths paths(InvocationContext invocation) {
        PlaytchaLogin binding = binding(invocation);
        return binding == null ? LoginPaths.of("/*") : LoginPaths.of(binding.paths());
    }

    /** The {@link PlaytchaLogin} that bound this call: on the method, else on the mechanism's class or a superclass. */
    private static PlaytchaLogin binding(InvocationContext invocation) {
        PlaytchaLogin binding = binding(invocation.getMethod());
        for (Class<?> type = invocation.getTarget().getClass(); binding == null && type != null; type = type.getSuperclass()) {
            binding = binding(type);
        }
        return binding;
    }

    /**
     * The {@link PlaytchaLogin} on {@code element}, written there or carried by an annotation on it (a
     * stereotype, or an interceptor binding that declares it), at any depth; {@code null} if none.
     */
    static PlaytchaLogin binding(AnnotatedElement element) {
        return binding(element.getAnnotations(), new HashSet<>());
    }

    private static PlaytchaLogin binding(Annotation[] annotations, Set<Class<?>> seen) {
        for (Annotation annotation : annotations) {
            if (annotation instanceof PlaytchaLogin login) {
                return login;
            }
        }
        for (Annotation annotation : annotations) {
            Class<? extends Annotation> type = annotation.annotationType();
            if (!type.getName().startsWith("java.") && seen.add(type)) {
                PlaytchaLogin carried = binding(type.getAnnotations(), seen);
                if (carried != null) {
                    return carried;
                }
            }
        }
        return null;
    }

    /**
     * The refusal as the servlet filter writes a rejection, a JSON answer committed at once; to a
     * {@code HEAD}, the status and headers alone, committed.
     */
    private static void refuse(HttpServletRequest request, HttpServletResponse response, Rejection rejection)
            throws IOException {
        if ("HEAD".equalsIgnoreCase(request.getMethod())) {
            rejection.headers().forEach(response::setHeader);
            response.setStatus(rejection.status());
            committed(request, response);
            return;
        }
        ServletRejection.write(response, rejection);
        if (rejection.json() != null) {
            // Committed here: WildFly (Elytron) otherwise answers an authentication that did not succeed
            // with its own error page for the status, and the client would lose the envelope.
            committed(request, response);
        }
    }

    /** Commits what was written, and marks {@code request} so that no container answers it again ({@code REFUSAL_COMMITTED}). */
    private static void committed(HttpServletRequest request, HttpServletResponse response) throws IOException {
        request.setAttribute(LoginProtocol.REFUSAL_COMMITTED, Boolean.TRUE);
        response.flushBuffer();
    }

    private Login login() {
        Login found = login;
        if (found == null) {
            PlaytchaSettings loaded = settings.get();
            LoginFailures counts = loginFailures.isResolvable() ? loginFailures.get() : null;
            found = new Login(loaded, new WebLogin(new LoginPolicy(loaded, counts), new WebGuard(NAME, Policy.of(loaded), verifiers::get)));
            login = found;
        }
        return found;
    }
}
