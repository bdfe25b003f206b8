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
 *   <li>the request's path names one of {@link #paths()} in any form (the path the container mapped,
 *       or the request URI with {@code ;parameters}, percent-escapes, dot segments, repeated and
 *       trailing slashes resolved; in any case) and the request could carry credentials: a query
 *       string, a body (a {@code Content-Length} above zero, a {@code Transfer-Encoding}, an unknown
 *       length with a {@code Content-Type}, or over HTTP/2 an unknown length with any method but
 *       {@code GET}, {@code HEAD} and {@code OPTIONS}) or an {@code Authorization} header, whatever
 *       its method ({@code playtcha.methods} does not apply here), or</li>
 *   <li>application code called {@code SecurityContext.authenticate} with credentials, whatever the
 *       path and method.</li>
 * </ul>
 * Every other call goes on untouched: the {@code GET} that shows the form, a CORS preflight, the
 * container's session and remember-me logins (its interceptors wrap this one). Only
 * {@code validateRequest} is guarded; {@code secureResponse} and {@code cleanSubject} always run.
 *
 * <p><b>Warning:</b> {@code paths} must name every path at which your mechanism authenticates from
 * the request ({@code paths = "/*"} for any path); a page at a login path with a query string
 * ({@code /login?error=1}) then needs a token too, so serve it at another path. A mechanism that takes
 * credentials from a header or cookie of its own is guarded only through
 * {@code SecurityContext.authenticate}.
 *
 * <p>It decides as {@code PlaytchaFilter} does, with the application's settings from MicroProfile
 * Config (or the environment) and its CDI {@code PlaytchaVerifier}; the token comes from the
 * {@code token-header} header or the {@code token-parameter} request parameter (never a multipart or
 * JSON body), and every attempt's response carries {@code Playtcha-Token-Spent}. <b>A refusal</b> does
 * not call your mechanism: it answers the decision's status (403, 429, 503; the JSON envelope to a
 * client that prefers JSON, else the container's error page) and returns
 * {@code AuthenticationStatus.SEND_CONTINUE}, so nothing writes another answer. No {@code beans.xml}
 * entry is needed where the Jakarta Security API is present; the mechanism must be a CDI bean. The
 * built-in mechanisms ({@code @FormAuthenticationMechanismDefinition}, ...) are not yours to annotate:
 * docs/login.md ("Jakarta Security") says how to guard those, and all of the above in full.
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
