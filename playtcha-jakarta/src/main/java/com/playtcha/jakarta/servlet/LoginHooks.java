package com.playtcha.jakarta.servlet;

import com.playtcha.jakarta.spi.door.LoginPost;
import com.playtcha.jakarta.spi.door.LoginProtocol;

/**
 * The names through which a container's login hook hands the login post to this library: for the
 * authors of hooks, not for applications (an application maps a {@link PlaytchaFilter} onto
 * {@code /j_security_check}; docs/login.md says what to add per runtime).
 *
 * <p>Most containers take a FORM login's post ({@code j_security_check}) in their own authenticator,
 * before any filter runs. A <em>hook</em> is the small piece of runtime-specific code that runs before
 * that authenticator (a Tomcat valve, an Undertow handler, a Jetty handler, a Payara valve; on Open
 * Liberty, whose filters run first, the library's own {@code FilterLoginHook}) and asks the
 * application's copy of the library whether the post may go on. A hook on the server's class path
 * shares no class with the application but the Servlet API's, so the protocol uses only Servlet and
 * JDK types, by these names:
 *
 * <ol>
 *   <li><b>The guard.</b> When a PlaytchaFilter's URL patterns match a login post,
 *       {@link PlaytchaInitializer} puts a {@link jakarta.servlet.Filter} into the servlet-context
 *       attribute {@value #GUARD}. No attribute: the application does not guard its login, and the hook
 *       lets every request through.</li>
 *   <li><b>The announcement.</b> The hook puts its name ({@code "tomcat"}, {@code "undertow"},
 *       {@code "jetty"}, ...) into the servlet-context attribute {@value #HOOK} before the application's
 *       {@code contextInitialized}. An application that maps a PlaytchaFilter onto
 *       {@code /j_security_check} in a container whose filters run after the login, with no hook
 *       announced, fails to deploy, saying what to add: a mapping that cannot take effect is never
 *       silent.</li>
 *   <li><b>The call.</b> For every request its container takes for a login post (the path's last
 *       segment {@value #LOGIN_ACTION}, by the container's own rule, with any method), the hook calls
 *       {@code guard.doFilter(request, response, chain)} with the web application's servlet request and
 *       response, on a thread whose context class loader is the
 *       application's. The guard calls the chain when the post may go on to the container's
 *       authenticator; the hook then continues with its own request objects. When the guard returns
 *       without calling the chain, the request is answered and the hook stops there. It may set
 *       {@value #ERROR_PAGE} first, when the container tells it the form-error page.</li>
 *   <li><b>Describe mode</b>, for a hook that runs where the servlet request cannot dispatch yet: with the
 *       request attribute {@value #DESCRIBE} set to {@code Boolean.TRUE}, the guard writes nothing for a
 *       refusal and describes it in {@value #REFUSAL_STATUS} (Integer), {@value #REFUSAL_HEADERS}
 *       ({@code Map<String, String>}), {@value #REFUSAL_JSON} (the body for a client that prefers JSON,
 *       {@code application/json;charset=UTF-8}) or {@value #REFUSAL_PAGE} (the form-error page to show
 *       with that status); the hook answers from those.</li>
 *   <li><b>The outcome</b>, for {@code playtcha.login.require=after-failures}, which counts failed logins:
 *       when the guard lets a post go on and wants its outcome, it puts a
 *       {@code java.util.function.Consumer<Boolean>} into the request attribute {@value #OUTCOME} before
 *       it calls the chain. Once the container's authenticator has answered the post, the hook calls it
 *       once: {@code Boolean.TRUE} when the realm accepted the credentials (the request or its session is
 *       now authenticated), {@code Boolean.FALSE} when the container checked them and refused them. It
 *       does not call it when the container checked no password (an expired login session, say). A
 *       second call is ignored; the consumer never throws and never waits longer than
 *       {@code playtcha.cluster.timeout}. A hook that does so puts {@code Boolean.TRUE} into the
 *       servlet-context attribute {@value #OUTCOMES} next to its {@value #HOOK}: with
 *       {@code after-failures}, an application whose hook does not announce it fails to deploy, naming
 *       the hook to update, since a hook that reports nothing could never count a failure.</li>
 * </ol>
 *
 * <p>Every answer to a guarded login post carries {@value #TOKEN_SPENT_HEADER} ({@code true} or
 * {@code false}, {@link com.playtcha.jakarta.core.VerificationResult#tokenSpent()}): after a refused or
 * failed login, a script resets the widget when it says {@code true}; a page reads the request attribute
 * {@link PlaytchaFilter#TOKEN_SPENT}. It carries {@value LoginPage#NEEDS_TOKEN_HEADER} too: whether
 * this attempt needed a token, as the counts stood before it ({@link LoginPage}).
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
