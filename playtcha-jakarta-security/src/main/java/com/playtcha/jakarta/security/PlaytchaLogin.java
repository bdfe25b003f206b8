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
 * every password check the mechanism has an identity store make is decided by
 * {@code playtcha.login.require} before the store is asked; one that needs a token and lacks a valid
 * one is refused, and the store never sees it.
 *
 * <pre>{@code
 * @PlaytchaLogin(paths = "/api/login")
 * @ApplicationScoped
 * public class ApiLoginMechanism implements HttpAuthenticationMechanism {
 *     @Inject IdentityStoreHandler identityStores;
 *
 *     public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
 *             HttpMessageContext context) {
 *         ...   // identityStores.validate(credential): decided, and counted on its account
 *     }
 * }
 * }</pre>
 *
 * <p><b>Where a check is seen:</b> in your {@code IdentityStore} beans, and in the runtime's
 * {@code IdentityStoreHandler} where CDI may decorate it (WildFly, Payara), while the mechanism runs, at
 * any path. The account is the one the credential names ({@code UsernamePasswordCredential},
 * {@code CallerOnlyCredential}, {@link AccountCredential#account()}); one the guard cannot read needs a token.
 *
 * <p><b>{@link #paths()}</b> covers what no store shows (a password checked by hand): a call of
 * {@code validateRequest} at one of them, in any spelling and with any method, that could carry
 * credentials, or a {@code SecurityContext.authenticate} with credentials, is a login attempt decided
 * before the mechanism runs; without a store's answer its outcome is the status returned.
 *
 * <p><b>Warning</b> (it fails closed): a call in which nothing was decided that logs in a caller other
 * than the request's own is refused ({@code 403}, {@code login_not_guarded}), and a WARNING names the
 * path. Sessions continued by {@code @AutoApplySession} or {@code @RememberMe} go on; a bearer-token API
 * needs {@link #exemptPaths()}.
 *
 * <p>It decides as {@code PlaytchaFilter} does, with the application's settings, its CDI {@code PlaytchaVerifier}
 * and the counts beside it; a refusal answers the decision's status and returns {@code SEND_CONTINUE}.
 * The mechanism must be a CDI bean.
 *
 * <p>The manual (spellings, bodies, where the token comes from, the built-in mechanisms): docs/login.md, "Jakarta Security".
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
     * body) that names the account of a login attempt decided by {@link #paths()} on the runtime's call.
     * A check an identity store makes is counted on the account it is asked about instead; a name the
     * mechanism reads elsewhere and checks by hand is not seen (counted as none: only the client's and
     * the application's counts ask for a token).
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
