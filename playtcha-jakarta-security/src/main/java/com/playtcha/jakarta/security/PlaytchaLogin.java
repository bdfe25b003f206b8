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
 * <p><b>A login attempt</b> is a call of {@code validateRequest} where the request's path names one of
 * {@link #paths()} in any spelling and the request could carry credentials (a query string, a body
 * or an {@code Authorization} header), whatever its method; or where application code called
 * {@code SecurityContext.authenticate} with credentials. Each call is decided on the account it names
 * (the runtime's call, then {@code authenticate} naming bob: bob's count); a call for an account this
 * request already went on for is that attempt again, counted once; a token verified for the request
 * covers its later calls, never sent twice. {@code secureResponse} and {@code cleanSubject} always run.
 *
 * <p><b>Fails closed:</b> a call that is no login attempt runs your mechanism; if it logs in a caller
 * other than the request's own (a path {@code paths} misses), the login is refused ({@code 403},
 * {@code login_not_guarded}) and a WARNING, at most one a minute, names the path. A request whose own
 * caller comes back goes on; {@code @AutoApplySession} and {@code @RememberMe} continue logins before
 * this guard. Sessions continued another way, or a bearer-token API, need {@link #exemptPaths()}.
 *
 * <p><b>Warning:</b> {@code paths} must name every path at which your mechanism authenticates from
 * the request ({@code paths = "/*"} for any path): a {@code login_not_guarded} login had its password
 * checked uncounted. A page at a login path with a query string ({@code /login?error=1}) then needs
 * a token too, so serve it at another path.
 *
 * <p>It decides as {@code PlaytchaFilter} does, with the application's settings and its CDI
 * {@code PlaytchaVerifier}. A refusal does not call your mechanism: it answers the decision's status
 * and returns {@code AuthenticationStatus.SEND_CONTINUE}, so nothing writes another answer. The
 * mechanism must be a CDI bean. docs/login.md ("Jakarta Security") has what counts as a spelling or
 * a body, where the token comes from, and how to guard the built-in mechanisms.
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

    /**
     * With {@code playtcha.login.require=after-failures}: the request parameter (query string or urlencoded
     * body) that names the account, for an attempt that does not come through
     * {@code SecurityContext.authenticate} with a {@code UsernamePasswordCredential}. A name the mechanism
     * reads elsewhere is not seen: the account is then counted as none, and only the client's and the
     * application's counts ask for a token.
     */
    @Nonbinding
    String accountParameter() default "j_username";

    /**
     * Servlet URL patterns of the paths at which your mechanism may log a caller in on a call that is
     * no login attempt (the path is not in {@link #paths()}), with no token: a bearer-token or
     * client-certificate API, say ({@code exemptPaths = "/api/*"}). None (the default): such a login is
     * refused wherever it happens. A request is exempt only when its path, as the container mapped it
     * and as its URI reads, matches in both; {@link #paths()} wins where both name a path.
     */
    @Nonbinding
    String[] exemptPaths() default {};
}
