package com.playtcha.jakarta.tomcat;

import com.playtcha.jakarta.spi.door.LoginPost;
import com.playtcha.jakarta.spi.door.LoginProtocol;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.Session;
import org.apache.catalina.authenticator.Constants;
import org.apache.catalina.authenticator.FormAuthenticator;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.tomcat.util.descriptor.web.LoginConfig;

/**
 * Lets Playtcha guard Tomcat's FORM login: hands every login post ({@code j_security_check}) to the
 * application's login guard <em>before</em> Tomcat's {@code FormAuthenticator} checks the password.
 *
 * <p>Tomcat's authenticator is a valve of the context, and it takes the login post before any
 * servlet filter runs: a {@code PlaytchaFilter} mapped onto {@code /j_security_check} alone would
 * never see it. This valve runs first. When the application guards its login (its
 * {@code PlaytchaFilter} is mapped onto {@code /j_security_check}; the library then publishes a
 * login guard when the application starts), the valve passes the post to that guard, which
 * verifies the token:
 * <ul>
 *   <li>refused (no token, a junk or replayed token, Playtcha unreachable under fail-closed): the
 *       guard answers (the {@code <form-error-page>} with the decision's status and the
 *       {@code com.playtcha.*} request attributes, or the JSON envelope for a client that asks for
 *       JSON) and the authenticator never runs: no password check, no realm call, no session;</li>
 *   <li>accepted: the post goes on to the authenticator, exactly as without this valve.</li>
 * </ul>
 * An application that does not guard its login is passed through untouched.
 *
 * <h2>Installing</h2>
 * <ol>
 *   <li>Put {@code playtcha-jakarta-tomcat-<version>.jar} into {@code $CATALINA_BASE/lib}, <b>not</b>
 *       into the WAR's {@code WEB-INF/lib}. Tomcat reads {@code context.xml} with its own class loader,
 *       before the application's class loader exists, so a valve class in the WAR cannot be found.
 *       The jar holds this one class and needs nothing else.</li>
 *   <li>Declare the valve in the WAR's {@code META-INF/context.xml}:
 * <pre>{@code
 * <Context>
 *   <Valve className="com.playtcha.jakarta.tomcat.PlaytchaLoginValve"/>
 * </Context>
 * }</pre>
 *       or, for every application of the server, in {@code $CATALINA_BASE/conf/context.xml} (each
 *       application gets its own valve; those without a login guard are not affected).</li>
 *   <li>Map the {@code PlaytchaFilter} onto the login post, as for any other form:
 * <pre>{@code
 * <filter-mapping>
 *   <filter-name>PlaytchaFilter</filter-name>
 *   <url-pattern>/j_security_check</url-pattern>
 * </filter-mapping>
 * }</pre>
 *       and put the widget into the login form. If the filter names {@code /j_security_check} and this
 *       valve is missing, the library fails the deployment and says what to add: a login that looks
 *       guarded but is not never goes live.</li>
 * </ol>
 *
 * <p><b>Embedded Tomcat:</b> add the valve to the context's pipeline before the context starts:
 * <pre>{@code
 * Context context = tomcat.addWebapp("/app", docBase);
 * context.getPipeline().addValve(new PlaytchaLoginValve());
 * tomcat.start();
 * }</pre>
 *
 * <h2>Order of valves</h2>
 * Valves of a context run in the order they are declared, and this one must run before anything that
 * decides a login:
 * <ul>
 *   <li>a {@code RemoteIpValve} (behind a proxy) declared in {@code context.xml} goes <em>before</em>
 *       this valve, or the guard sees the proxy's address instead of the client's. One declared in
 *       {@code server.xml} (Engine or Host) always runs first;</li>
 *   <li>a {@code FormAuthenticator} declared explicitly in {@code context.xml} (to set its
 *       {@code characterEncoding} or {@code landingPage}) goes <em>after</em> this valve. The
 *       authenticator Tomcat adds by itself for {@code <auth-method>FORM</auth-method>} always comes
 *       after the valves of {@code context.xml}.</li>
 * </ul>
 *
 * <h2>What it does, precisely</h2>
 * <ul>
 *   <li>A login post is a request whose decoded path, without path parameters ({@code ;jsessionid=...}),
 *       ends in the segment {@code j_security_check}, with any method: what Tomcat's
 *       {@code FormAuthenticator} treats as one. The guard decides which of them it guards (its
 *       filter's URL patterns and methods) and lets the others go on. Nothing else is ever handed
 *       over.</li>
 *   <li>The guard is looked up per request in the servlet context (attribute
 *       {@code com.playtcha.jakarta.login.guard}, a {@code jakarta.servlet.Filter}), so a redeployed
 *       application is guarded by its new guard. This jar and the library share only Servlet API
 *       types: their versions need not match. (The jar carries its own relocated copy of the library's
 *       login-post rule, {@code LoginPost}, of the version it was built with.)</li>
 *   <li>When the context starts, the valve announces itself (servlet-context attribute
 *       {@code com.playtcha.jakarta.login.hook} = {@code "tomcat"}, and
 *       {@code com.playtcha.jakarta.login.outcomes} = {@code TRUE}) before the application's
 *       initializers and listeners run; that is how the library knows the login can be guarded.</li>
 *   <li>When the guard let a post go on and asked for its outcome (a {@code Consumer<Boolean>} in the
 *       request attribute {@code com.playtcha.jakarta.login.outcome}), the valve tells it once, after
 *       the {@code FormAuthenticator} answered: {@code TRUE} when it registered a principal (the realm
 *       accepted the password), {@code FALSE} when it registered none and answered neither an error nor a
 *       redirect, which leaves its forward to the form-error page (the realm refused it). Nothing when the
 *       request was logged in already (a session's or single sign-on's principal: Tomcat checks no
 *       password then), when the context's authenticator is not a {@code FormAuthenticator}, when a right
 *       password found its login session expired (Tomcat answers 408 after the realm accepted it, or
 *       redirects to its landing page: a post let go on without a token stays counted as the failure it
 *       was counted as in advance), or on an exception.</li>
 *   <li>A post from a session whose login Tomcat has cached (its principal) is not handed to the guard:
 *       Tomcat answers it from that login without reading the posted credentials, so it needs no token
 *       and counts as no attempt.</li>
 *   <li>Before the guard reads the token, the request gets the character encoding the context's
 *       {@code FormAuthenticator} is configured with, as the authenticator itself would set it before
 *       reading {@code j_username}: once the guard has read a parameter the body is decoded, and a
 *       later change would be ignored. User names and passwords therefore decode as without the
 *       valve.</li>
 *   <li>The guard gets the application's form-error page ({@code <form-error-page>}, as Tomcat read it)
 *       in the request attribute {@code com.playtcha.jakarta.login.error-page}, and runs with the
 *       application's class loader, which Tomcat has already bound to the thread.</li>
 *   <li>A login post whose query or form Tomcat cannot decode (Tomcat 11 fails every
 *       {@code getParameter} of it, the authenticator's included) is answered 400 before the guard or
 *       the authenticator reads it.</li>
 *   <li>An exception of the guard is answered by Tomcat as that of a failing filter (a 500, the
 *       application's {@code <error-page>}); the authenticator does not run.</li>
 *   <li>A second {@code PlaytchaLoginValve} in the same pipeline (one in {@code conf/context.xml},
 *       one in the WAR's) hands nothing over a second time.</li>
 *   <li>The valve supports asynchronous requests: a valve that does not makes Tomcat refuse
 *       {@code startAsync} in the whole application.</li>
 * </ul>
 *
 * <p><b>Warning:</b> the valve belongs to a context. Declared in {@code server.xml} on a Host or an
 * Engine it refuses to start (and so does Tomcat): there it would run before the application's class
 * loader is bound and could not announce itself to the application. Do not put the
 * {@code playtcha-jakarta} library itself into {@code $CATALINA_BASE/lib} either: see the
 * {@linkplain com.playtcha.jakarta.tomcat package description}.
 */
public final class PlaytchaLoginValve extends ValveBase {

    /** This door's name in {@link LoginProtocol#HOOK}. */
    static final String HOOK = "tomcat";

    /** Request note (Tomcat-internal, never seen by the application): a valve already handed this post over. */
    private static final String HANDED_OVER = PlaytchaLoginValve.class.getName() + ".handed-over";

    private static final String MULTIPART = "multipart/form-data";

    private static final System.Logger LOG = System.getLogger(PlaytchaLoginValve.class.getName());

    /**
     * The context this valve announced itself to; kept because a pipeline forgets a removed valve's
     * container before it stops the valve.
     */
    private volatile Context announcedTo;

    /** The valve Tomcat's digester builds from {@code <Valve className="...">}; it takes no attributes. */
    public PlaytchaLoginValve() {
        super(true);
    }

    /** Announces this door to the application, before its initializers and listeners run. */
    @Override
    protected void startInternal() throws LifecycleException {
        if (!(getContainer() instanceof Context context)) {
            throw new LifecycleException("PlaytchaLoginValve belongs in a Context (the WAR's META-INF/context.xml, "
                    + "conf/context.xml, or context.getPipeline() when embedded), not in " + getContainer()
                    + ": there it would run before the application's class loader is bound");
        }
        context.getServletContext().setAttribute(LoginProtocol.HOOK, HOOK);
        context.getServletContext().setAttribute(LoginProtocol.OUTCOMES, Boolean.TRUE);
        announcedTo = context;
        LOG.log(Level.INFO, "PlaytchaLoginValve {0} hands the login posts of [{1}] to the application''s "
                + "Playtcha login guard, when it has one",
                Objects.requireNonNullElse(PlaytchaLoginValve.class.getPackage().getImplementationVersion(), "(unpackaged)"),
                context.getPath().isEmpty() ? "/" : context.getPath());
        super.startInternal();
    }

    /** Withdraws the announcement: a valve removed from a running context no longer guards it. */
    @Override
    protected void stopInternal() throws LifecycleException {
        super.stopInternal();
        Context context = announcedTo;
        announcedTo = null;
        if (context != null) {
            context.getServletContext().removeAttribute(LoginProtocol.HOOK);
            context.getServletContext().removeAttribute(LoginProtocol.OUTCOMES);
        }
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        if (LoginPost.byTomcat(request.getDecodedRequestURI()) && request.getNote(HANDED_OVER) == null && !answeredFromItsLogin(request)) {
            Object guard = request.getContext().getServletContext().getAttribute(LoginProtocol.GUARD);
            if (guard != null && !handOver(guard, request, response)) {
                return; // refused: the guard has answered, the authenticator must not run
            }
            Object outcome = request.getAttribute(LoginProtocol.OUTCOME);
            request.removeAttribute(LoginProtocol.OUTCOME);
            if (outcome instanceof Consumer<?> consumer && request.getContext().getAuthenticator() instanceof FormAuthenticator
                    && !loggedIn(request)) {
                getNext().invoke(request, response);
                report(consumer, request, response);
                return;
            }
        }
        getNext().invoke(request, response);
    }

    /**
     * Whether the FormAuthenticator will answer the post from the login its session holds, before it
     * reads any credential: a cached principal (the authenticator's {@code cache}, on by default), which
     * it takes before it looks at {@code j_security_check}. Such a post tests no password: it is not
     * handed to the guard, so it needs no token and is not counted. A single sign-on alone is not
     * enough: when Tomcat cannot re-authenticate from it, the posted password is checked.
     */
    private static boolean answeredFromItsLogin(Request request) {
        if (!(request.getContext().getAuthenticator() instanceof FormAuthenticator form) || !form.getCache()) {
            return false;
        }
        Session session = request.getSessionInternal(false);
        return request.getUserPrincipal() != null || (session != null && session.getPrincipal() != null);
    }

    /** Whether Tomcat will take the request's existing login and check no password. */
    private static boolean loggedIn(Request request) {
        if (request.getUserPrincipal() != null || request.getNote(Constants.REQ_SSOID_NOTE) != null) {
            return true;
        }
        Session session = request.getSessionInternal(false);
        return session != null && (session.getPrincipal() != null || session.getNote(Constants.SESS_USERNAME_NOTE) != null);
    }

    /** Tells the guard how the FormAuthenticator answered a post of a request that was not logged in. */
    @SuppressWarnings("unchecked")
    private static void report(Consumer<?> consumer, Request request, Response response) {
        int status = response.getStatus();
        if (request.getUserPrincipal() != null) {
            ((Consumer<Boolean>) consumer).accept(Boolean.TRUE);
        } else if (!response.isError() && (status < 300 || status >= 400)) {
            ((Consumer<Boolean>) consumer).accept(Boolean.FALSE);
        }
    }

    /** Whether the guard let the post go on to the authenticator. */
    private static boolean handOver(Object guard, Request request, Response response) throws IOException, ServletException {
        if (!(guard instanceof Filter filter)) {
            // Passing the post on would leave the login unguarded without a word: refuse this request.
            throw new ServletException("PlaytchaLoginValve: servlet-context attribute " + LoginProtocol.GUARD + " holds a "
                    + guard.getClass().getName() + ", not a jakarta.servlet.Filter; the login post is not handed on");
        }
        request.setNote(HANDED_OVER, Boolean.TRUE);
        Context context = request.getContext();
        if (context.getAuthenticator() instanceof FormAuthenticator form && form.getCharacterEncoding() != null) {
            // What FormAuthenticator does before it reads j_username, unconditionally: it must happen before
            // the guard's first getParameter parses the body.
            request.setCharacterEncoding(form.getCharacterEncoding());
        }
        if (!readable(request)) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST);
            return false;
        }
        LoginConfig login = context.getLoginConfig();
        if (login != null && login.getErrorPage() != null) {
            request.setAttribute(LoginProtocol.ERROR_PAGE, login.getErrorPage());
        }
        GoOn chain = new GoOn();
        filter.doFilter(request.getRequest(), response.getResponse(), chain);
        return chain.called;
    }

    /**
     * Whether Tomcat can read the post's parameters. Tomcat 11 fails every {@code getParameter} of a
     * query or form it cannot decode (an {@code InvalidParameterException}, an IllegalStateException),
     * the authenticator's included, which it answers 500 with the stack trace; such a post is answered
     * 400 before anyone reads it. A multipart body is left to the guard: Tomcat reads it only for a
     * servlet with a multipart config.
     */
    private static boolean readable(Request request) {
        String type = request.getContentType();
        if (type != null && type.regionMatches(true, 0, MULTIPART, 0, MULTIPART.length())) {
            return true;
        }
        try {
            request.getParameterNames();
            return true;
        } catch (IllegalStateException undecodable) {
            // Not the exception's message: Tomcat quotes the parameter's value, which may be the password.
            LOG.log(Level.DEBUG, "Login post answered 400: Tomcat cannot decode its parameters [uri={0}]",
                    request.getDecodedRequestURI());
            return false;
        }
    }

    /** The chain the guard calls when the post may go on; the valve then continues with its own request. */
    private static final class GoOn implements FilterChain {

        private boolean called;

        @Override
        public void doFilter(ServletRequest request, ServletResponse response) {
            called = true;
        }
    }
}
