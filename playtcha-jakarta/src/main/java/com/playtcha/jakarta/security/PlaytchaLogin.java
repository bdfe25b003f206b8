package com.playtcha.jakarta.security;

import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Guards the logins of your own Jakarta Security {@code HttpAuthenticationMechanism} with Playtcha:
 * a login attempt must carry a token that Playtcha verifies, or it is refused before your mechanism
 * sees the credentials (and so before any {@code IdentityStore} is asked).
 *
 * <pre>{@code
 * @PlaytchaLogin(paths = "/api/login")
 * @ApplicationScoped
 * public class ApiLoginMechanism implements HttpAuthenticationMechanism {
 *     @Inject IdentityStoreHandler identityStores;
 *
 *     public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
 *             HttpMessageContext context) {
 *         ...   // runs only for a login that Playtcha let through, or for calls that are no login
 *     }
 * }
 * }</pre>
 *
 * <p><b>What a login attempt is</b>, decided by what could reach your mechanism, not by its method.
 * A call of {@code validateRequest} where either
 * <ul>
 *   <li>the request's path names one of {@link #paths()} in any form (the servlet path and path
 *       info the container mapped, or the request URI with {@code ;parameters}, percent-escapes, dot
 *       segments, repeated and trailing slashes resolved; in any case) and the request could carry
 *       credentials: a query string, a body (a {@code Content-Length} above zero, a
 *       {@code Transfer-Encoding}, an unknown length with a {@code Content-Type}, or over HTTP/2
 *       an unknown length with any method but {@code GET}, {@code HEAD} and {@code OPTIONS}) or an
 *       {@code Authorization} header; whatever its method ({@code GET}, {@code HEAD},
 *       {@code OPTIONS} too; {@code playtcha.methods} does not apply here), or</li>
 *   <li>application code called {@code SecurityContext.authenticate} with credentials
 *       ({@code HttpMessageContext.isAuthenticationRequest()} and a non-null
 *       {@code getAuthParameters().getCredential()}), whatever the path and method.</li>
 * </ul>
 * Every other call goes on untouched: at a login path, a plain {@code GET} that shows the form or a
 * CORS preflight carries nothing to log in with; and the mechanism runs for every request of the
 * application, protected or not. The container's own interceptors wrap this one ({@code @AutoApplySession},
 * {@code @RememberMe}, {@code @LoginToContinue} run first), so a caller whose session or remember-me
 * cookie already authenticates needs no token. Only {@code validateRequest} is guarded;
 * {@code secureResponse} and {@code cleanSubject} always run.
 *
 * <p><b>Warning:</b> {@code paths} must name every path at which your mechanism authenticates from
 * the request; a mechanism that does so at any path needs {@code paths = "/*"}. A page served at a
 * login path with a query string ({@code /login?error=1}) needs a token too: serve it at another
 * path. And only the query,
 * the body and {@code Authorization} count: a mechanism that takes credentials from a header or
 * cookie of its own must be called through {@code SecurityContext.authenticate} to be guarded.
 *
 * <p><b>How it decides.</b> As {@code PlaytchaFilter} does, with the application's settings from
 * MicroProfile Config (or system properties and the environment: {@code playtcha.secret},
 * {@code playtcha.mode}, {@code playtcha.fail-closed}, {@code playtcha.reject-status},
 * {@code playtcha.token-header}, {@code playtcha.token-parameter}, ...) and
 * the application's CDI {@code PlaytchaVerifier}: the token is taken from the {@code token-header}
 * header or else the {@code token-parameter} request parameter (urlencoded forms and the query string;
 * a multipart or JSON body is not read: such clients send the header), verified once per request (a
 * {@code PlaytchaFilter} that already decided the request lends its result), and the outcome
 * published as the same request attributes ({@code com.playtcha.outcome}, ...), plus
 * {@code com.playtcha.token-spent}. A body the container cannot parse gives no token. In
 * {@code mode=observe} every login goes on.
 *
 * <p>Every login attempt's response carries the header {@code Playtcha-Token-Spent: true|false}:
 * whether the token is used up, so a script resets the widget before the next try (after a refusal,
 * and after a wrong password too).
 *
 * <p><b>A refusal</b> does not call your mechanism: {@code validateRequest} answers the decision's
 * status ({@code reject-status} (403), 429 with {@code Retry-After}, 503); a client that prefers JSON
 * gets the envelope {@code {"error": {...}}}, any other the container's error page for the status
 * ({@code sendError}), a {@code HEAD} the status alone. It returns
 * {@code AuthenticationStatus.SEND_CONTINUE}: the response is
 * written (and committed), and neither the runtime nor application code that called
 * {@code SecurityContext.authenticate} may write another ({@code SEND_FAILURE} would not do:
 * Open Liberty goes on to serve an unprotected URL after it, behind the refusal, and WildFly
 * replaces the body with its own error page).
 *
 * <p>No {@code beans.xml} entry is needed: the interceptor is enabled for the whole application by
 * its {@code @Priority} ({@code Interceptor.Priority.LIBRARY_BEFORE + 10}), and the library registers
 * it only where the Jakarta Security API is present (WildFly, Open Liberty with
 * {@code appSecurity-5.0}, Payara). The mechanism must be a CDI bean (as Jakarta Security requires
 * anyway), so that interceptors apply to it.
 *
 * <p><b>Warning:</b> the container's built-in mechanisms ({@code @FormAuthenticationMechanismDefinition},
 * {@code @BasicAuthenticationMechanismDefinition}, {@code @CustomFormAuthenticationMechanismDefinition})
 * are not yours to annotate, and this annotation does not reach them. With
 * {@code @CustomFormAuthenticationMechanismDefinition}, map a {@code PlaytchaFilter} on the page or
 * servlet that calls {@code SecurityContext.authenticate}: it runs before the credentials are checked.
 */
@Inherited
@InterceptorBinding
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface PlaytchaLogin {

    /**
     * Servlet URL patterns (exact {@code /api/login}, prefix {@code /login/*}, extension
     * {@code *.login}, {@code /*}) of the paths at which a request that could carry credentials is a
     * login attempt, whatever its method and however it spells the path; none (the default): only
     * calls of {@code SecurityContext.authenticate} with credentials are.
     */
    @Nonbinding
    String[] paths() default {};
}
