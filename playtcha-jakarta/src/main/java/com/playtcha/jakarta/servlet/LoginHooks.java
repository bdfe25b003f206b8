package com.playtcha.jakarta.servlet;

import com.playtcha.jakarta.spi.door.LoginPost;
import com.playtcha.jakarta.spi.door.LoginProtocol;

/**
 * The names through which a container's login hook hands the login post to this library: for the
 * authors of hooks, not for applications (an application maps a {@link PlaytchaFilter} onto
 * {@code /j_security_check}; docs/login.md says what to add per runtime).
 *
 * <p>A <em>hook</em> runs before the container's own FORM authenticator (a Tomcat or Payara valve, a
 * Jetty or Undertow handler; on Open Liberty the library's own filter) and asks the application's copy
 * of the library whether the post may go on. It shares no class with the application but the Servlet
 * API's, so the protocol is Servlet and JDK types under these names:
 * <ol>
 *   <li>the library publishes its guard, a {@link jakarta.servlet.Filter}, in the servlet-context
 *       attribute {@value #GUARD} when a PlaytchaFilter's URL patterns match a login post; the hook
 *       announces its name in {@value #HOOK} before the application's {@code contextInitialized};</li>
 *   <li>for every request its container takes for a login post (last path segment {@value #LOGIN_ACTION},
 *       any method), the hook calls {@code guard.doFilter(request, response, chain)} with the application's
 *       class loader on the thread, optionally telling it {@value #ERROR_PAGE}; the post goes on when the
 *       guard calls the chain, else it is answered, or only described ({@value #DESCRIBE});</li>
 *   <li>once the container has checked the password of a post let go on, the hook hands the realm's
 *       answer to the {@code Consumer<Boolean>} in {@value #OUTCOME}, and says it does so in
 *       {@value #OUTCOMES}.</li>
 * </ol>
 *
 * <p><b>Warning:</b> an application that maps a PlaytchaFilter onto {@code /j_security_check} where
 * filters run after the login and no hook announced itself fails to deploy, as does one under
 * {@code after-failures} whose hook reports no outcomes: a mapping that cannot take effect is never silent.
 * Every answer carries {@value #TOKEN_SPENT_HEADER} and {@value LoginPage#NEEDS_TOKEN_HEADER}.
 *
 * <p>The protocol step by step: docs/login.md, "Writing a hook for another runtime".
 */
public final class LoginHooks {

    /** The last path segment of a container FORM login's post. */
    public static final String LOGIN_ACTION = LoginPost.ACTION;
    /** Servlet-context attribute: the guard, a {@link jakarta.servlet.Filter}. */
    public static final String GUARD = LoginProtocol.GUARD;
    /** Servlet-context attribute: the name of the hook that hands login posts to {@link #GUARD}. */
    public static final String HOOK = LoginProtocol.HOOK;
    /** Request attribute a hook may set: the form-error page, context-relative, as the container knows it. */
    public static final String ERROR_PAGE = LoginProtocol.ERROR_PAGE;
    /** Request attribute a hook sets to {@code Boolean.TRUE}: describe a refusal instead of writing it. */
    public static final String DESCRIBE = LoginProtocol.DESCRIBE;
    /** Request attribute in describe mode: the refusal's status, an Integer. */
    public static final String REFUSAL_STATUS = LoginProtocol.REFUSAL_STATUS;
    /** Request attribute in describe mode: the refusal's headers, a {@code Map<String, String>}. */
    public static final String REFUSAL_HEADERS = LoginProtocol.REFUSAL_HEADERS;
    /** Request attribute in describe mode: the JSON body for a client that prefers JSON, or absent. */
    public static final String REFUSAL_JSON = LoginProtocol.REFUSAL_JSON;
    /** Request attribute in describe mode: the form-error page to show with the status, or absent. */
    public static final String REFUSAL_PAGE = LoginProtocol.REFUSAL_PAGE;
    /** Request attribute the guard sets on a post it lets go on: a {@code Consumer<Boolean>} for the realm's answer. */
    public static final String OUTCOME = LoginProtocol.OUTCOME;
    /** Servlet-context attribute a hook sets to {@code Boolean.TRUE} when it reports {@link #OUTCOME}. */
    public static final String OUTCOMES = LoginProtocol.OUTCOMES;
    /** Response header on every guarded login post: {@code true} when the widget must be reset. */
    public static final String TOKEN_SPENT_HEADER = LoginProtocol.TOKEN_SPENT_HEADER;

    private LoginHooks() {
    }

    /**
     * Whether {@code requestUri} (as the client sent it) is a login post's: its last path segment,
     * path parameters removed and percent-escapes decoded (as the containers decode it before they
     * look; a {@code %} that starts no escape kept, as the most lenient container keeps it), is
     * {@value #LOGIN_ACTION}.
     */
    public static boolean isLoginAction(String requestUri) {
        return LoginPost.isLoginAction(requestUri);
    }
}
