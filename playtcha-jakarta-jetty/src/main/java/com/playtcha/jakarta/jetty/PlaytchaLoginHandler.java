package com.playtcha.jakarta.jetty;

import com.playtcha.jakarta.spi.door.LoginDoor;
import com.playtcha.jakarta.spi.door.LoginPost;
import com.playtcha.jakarta.spi.door.LoginProtocol;
import jakarta.servlet.Filter;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.lang.System.Logger.Level;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ErrorPageErrorHandler;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.ee10.servlet.SessionHandler;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.security.SecurityHandler;
import org.eclipse.jetty.security.authentication.FormAuthenticator;
import org.eclipse.jetty.security.authentication.SessionAuthentication;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.URIUtil;

/**
 * Guards a Jetty 12 (ee10) FORM login with Playtcha: it hands every login post ({@code j_security_check})
 * to the application's login guard before Jetty's {@code SecurityHandler} checks the password, so a post
 * without a valid token never reaches the {@code LoginService} (no password check, no session). A refused
 * post is answered as a failed login is (the form-error page, or the JSON envelope for a client that
 * prefers JSON); one that goes on reaches Jetty's FORM login unchanged, which then tells the guard whether
 * the password was right. An application that does not guard its login is served as if this handler
 * were not there.
 *
 * <p>Put {@code playtcha-jakarta-jetty-<version>.jar} on the <em>server's</em> class path, never in
 * {@code WEB-INF/lib}: {@code $JETTY_BASE/lib/ext/} (with the {@code ext} module enabled), or the class
 * path of an application that embeds Jetty. Then insert the handler from {@code WEB-INF/jetty-ee10-web.xml},
 * and let Jetty show the error page in place, with the refusal's status and request attributes (by
 * default it redirects to it, and a redirect carries neither):
 * <pre>{@code
 * <Configure class="org.eclipse.jetty.ee10.webapp.WebAppContext">
 *   <Call name="insertHandler"><Arg><New class="com.playtcha.jakarta.jetty.PlaytchaLoginHandler"/></Arg></Call>
 *   <Get name="securityHandler">
 *     <Call name="setParameter"><Arg>org.eclipse.jetty.security.dispatch</Arg><Arg>true</Arg></Call>
 *   </Get>
 * </Configure>
 * }</pre>
 * or, embedded, {@code webAppContext.insertHandler(new PlaytchaLoginHandler())} before the context starts.
 * The handler has no settings: it reads the form-error page and {@code org.eclipse.jetty.security.dispatch}
 * from the security handler's parameters, as Jetty's {@code FormAuthenticator} does. Without it, the library
 * refuses to start an application whose filter names {@code /j_security_check}, saying what to add.
 *
 * <p><strong>Warning:</strong> inserted anywhere but into the web application's
 * {@code ServletContextHandler} (a server-level wrapper, say) it cannot see the application and fails
 * to start, with a message saying so: a login it cannot guard is never served as if it were guarded.
 *
 * <p>The manual, with the paths Jetty takes for a login, the answers and the outcomes: docs/login.md, "Jetty".
 */
public class PlaytchaLoginHandler extends Handler.Wrapper {

    /** This door, named {@code jetty} in the protocol's announcement. */
    private static final LoginDoor DOOR = new LoginDoor("jetty");
    private static final String SLASH_ACTION = "/" + LoginPost.ACTION;
    private static final String HANDED_OVER = PlaytchaLoginHandler.class.getName() + ".handed-over";
    private static final String JSON_TYPE = "application/json;charset=UTF-8";
    private static final System.Logger LOG = System.getLogger(PlaytchaLoginHandler.class.getName());

    private final ErrorPageDispatch errorPageDispatch = new ErrorPageDispatch();
    private volatile ServletContext servletContext;
    private volatile SessionHandler dispatchingSessions;

    /** A handler to insert with {@code ServletContextHandler.insertHandler}. */
    public PlaytchaLoginHandler() {
    }

    /**
     * Announces this door to the application, before its listeners run, and places its error-page
     * dispatcher behind the context's session handler.
     */
    @Override
    protected void doStart() throws Exception {
        ServletContext context = ServletContextHandler.getCurrentServletContext();
        if (context == null) {
            throw new IllegalStateException("PlaytchaLoginHandler must be inserted into the web application's"
                    + " context (webAppContext.insertHandler(...), or <Call name=\"insertHandler\"> in"
                    + " WEB-INF/jetty-ee10-web.xml); it started outside any ServletContextHandler");
        }
        DOOR.announce(context);
        servletContext = context;
        placeErrorPageDispatch();
        super.doStart();
        String version = PlaytchaLoginHandler.class.getPackage().getImplementationVersion();
        LOG.log(Level.INFO, "PlaytchaLoginHandler {0} hands the login posts of [{1}] to the application''s Playtcha"
                + " login guard, when it has one", version == null ? "(unversioned)" : version, context.getContextPath());
    }

    /**
     * Jetty serves a page in place of a request ({@code Request.serveAs}) only once the session handler has
     * resolved the request's session (12.0.x fails before that), so an error page is dispatched from a
     * small wrapper between the session and the security handler, where {@code FormAuthenticator}'s own
     * dispatch happens. Done here, before the session handler starts, with its public {@code setHandler}.
     */
    private void placeErrorPageDispatch() {
        SessionHandler sessions = getDescendant(SessionHandler.class);
        if (sessions != null && sessions.getHandler() != errorPageDispatch) {
            errorPageDispatch.setHandler(sessions.getHandler());
            sessions.setHandler(errorPageDispatch);
            dispatchingSessions = sessions;
        }
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        SessionHandler sessions = dispatchingSessions;
        dispatchingSessions = null;
        if (sessions != null && sessions.getHandler() == errorPageDispatch) {
            Handler next = errorPageDispatch.getHandler();
            errorPageDispatch.setHandler((Handler) null);
            sessions.setHandler(next);
        }
        ServletContext context = servletContext;
        servletContext = null;
        if (context != null) {
            DOOR.withdraw(context);
        }
    }

    /** The guard verifies over the network: never run this handler on a selector thread. */
    @Override
    public InvocationType getInvocationType() {
        return InvocationType.BLOCKING;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!loginPost(Request.getPathInContext(request)) || request.getAttribute(HANDED_OVER) != null) {
            return super.handle(request, response, callback);
        }
        request.setAttribute(HANDED_OVER, Boolean.TRUE); // inserted twice (XML and code), the guard is asked once
        Filter guard = guardOf(request);
        if (guard == null) {
            return super.handle(request, response, callback);
        }
        ServletContextRequest servletRequest = Request.as(request, ServletContextRequest.class);
        if (servletRequest == null) {
            // No servlet is mapped to the login path, so there are no Servlet API objects to hand over; the
            // security handler would still log in. Refuse rather than let a guarded login through unguarded.
            LOG.log(Level.WARNING, "Login post refused: no servlet matches it, so the login guard cannot"
                    + " see it [path={0}]", Request.getPathInContext(request));
            Response.writeError(request, response, callback, HttpStatus.FORBIDDEN_403);
            return true;
        }
        if (!LoginPost.isLoginAction(servletRequest.getServletApiRequest().getRequestURI())) {
            // Jetty logs in at /j_security_check/anything too, a path the guard does not take for a login post
            // (its last segment is not j_security_check) and would let through unguarded. No form posts there.
            LOG.log(Level.DEBUG, "Login post refused: Jetty would log in at a path the login guard does not"
                    + " guard [path={0}]", Request.getPathInContext(request));
            Response.writeError(request, response, callback, HttpStatus.FORBIDDEN_403);
            return true;
        }
        // In describe mode: the Servlet API request cannot dispatch yet, so the guard describes a refusal.
        HttpServletRequest api = servletRequest.getServletApiRequest();
        LoginDoor.Handover handover = LoginDoor.handOver(guard, api,
                servletRequest.getServletContextResponse().getServletApiResponse(),
                formParameter(FormAuthenticator.__FORM_ERROR_PAGE), true);
        if (handover.goesOn()) {
            return goOn(request, response, callback, handover);
        }
        return answerRefusal(request, response, callback, api);
    }

    /**
     * Jetty's {@code FormAuthenticator.isJSecurityCheck}: the decoded path in the context contains
     * {@code /j_security_check} followed by its end, {@code ;}, {@code /}, {@code ?} or {@code #}; so Jetty
     * also logs in at {@code /j_security_check/more}, which the guard's rule does not take.
     */
    static boolean loginPost(String pathInContext) {
        if (pathInContext == null) {
            return false;
        }
        int at = pathInContext.indexOf(SLASH_ACTION);
        while (at >= 0) {
            int end = at + SLASH_ACTION.length();
            if (end == pathInContext.length() || ";/?#".indexOf(pathInContext.charAt(end)) >= 0) {
                return true;
            }
            at = pathInContext.indexOf(SLASH_ACTION, end);
        }
        return false;
    }

    /** Lets the post go on to Jetty's FORM login and, when the guard asked for it, reports the outcome. */
    private boolean goOn(Request request, Response response, Callback callback, LoginDoor.Handover handover)
            throws Exception {
        if (!handover.wantsOutcome() || dispatchingSessions == null) {
            return super.handle(request, response, callback);
        }
        LoginWatch watch = new LoginWatch();
        boolean handled = super.handle(new WatchedRequest(request, watch), response, callback);
        if (watch.loggedIn != null && (watch.loggedIn || response.getStatus() < HttpStatus.INTERNAL_SERVER_ERROR_500)) {
            handover.realmAnswered(watch.loggedIn);
        }
        return handled;
    }

    /** The application's guard, looked up per request: a redeployed application publishes a new one. */
    private static Filter guardOf(Request request) {
        ServletContext context = ServletContextHandler.getServletContext(request.getContext());
        return context == null ? null : LoginDoor.guard(context);
    }

    /** Answers a refusal the guard described in request attributes; always handles the request. */
    private boolean answerRefusal(Request request, Response response, Callback callback, HttpServletRequest described)
            throws Exception {
        if (!(described.getAttribute(LoginProtocol.REFUSAL_STATUS) instanceof Integer status)) {
            // The guard stopped the post without describing why: it is refused all the same.
            LOG.log(Level.WARNING, "The login guard refused a login post without describing the refusal;"
                    + " answering 403 [attribute {0} missing]", LoginProtocol.REFUSAL_STATUS);
            Response.writeError(request, response, callback, HttpStatus.FORBIDDEN_403);
            return true;
        }
        copyHeaders(described.getAttribute(LoginProtocol.REFUSAL_HEADERS), response);
        if (described.getAttribute(LoginProtocol.REFUSAL_JSON) instanceof String json) {
            response.setStatus(status);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, JSON_TYPE);
            Content.Sink.write(response, true, json, callback);
            return true;
        }
        if (described.getAttribute(LoginProtocol.REFUSAL_PAGE) instanceof String page) {
            return showErrorPage(request, response, callback, status, page);
        }
        return sendError(request, response, callback, status, described);
    }

    /**
     * Answers the bare status as {@code sendError} would: with the application's {@code <error-page>} for it,
     * served in place with the error attributes (Jetty 12.0 renders no error page for an error written
     * before its servlet layer runs), or else Jetty's own error page.
     */
    private boolean sendError(Request request, Response response, Callback callback, int status,
            HttpServletRequest described) throws Exception {
        described.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, status);
        described.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, described.getRequestURI());
        described.setAttribute(RequestDispatcher.ERROR_MESSAGE, HttpStatus.getMessage(status));
        ServletContextRequest servletRequest = Request.as(request, ServletContextRequest.class);
        String page = dispatchingSessions != null && servletRequest != null
                && servletRequest.getServletContextHandler().getErrorHandler() instanceof ErrorPageErrorHandler pages
                ? pages.getErrorPage(described) : null;
        if (page == null) {
            Response.writeError(request, response, callback, status);
            return true;
        }
        return serveInPlace(request, response, callback, status, page);
    }

    private static void copyHeaders(Object headers, Response response) {
        if (!(headers instanceof Map<?, ?> map)) {
            return;
        }
        map.forEach((name, value) -> {
            if (name instanceof String header && value != null
                    && !HttpHeader.CONTENT_TYPE.is(header)) {
                response.getHeaders().put(header, value.toString());
            }
        });
    }

    /**
     * Shows the form-error page as Jetty's {@code FormAuthenticator} does after a wrong password: served in
     * place of the login post, with the refusal's status, when dispatching is configured; else a redirect.
     */
    private boolean showErrorPage(Request request, Response response, Callback callback, int status, String page)
            throws Exception {
        if (dispatchingSessions == null || !Boolean.parseBoolean(formParameter(FormAuthenticator.__FORM_DISPATCH))) {
            Response.sendRedirect(request, response, callback, contextPath(request, page), true);
            return true;
        }
        return serveInPlace(request, response, callback, status, page);
    }

    /** Serves the context-relative {@code page} in place of the login post, with {@code status}. */
    private boolean serveInPlace(Request request, Response response, Callback callback, int status, String page)
            throws Exception {
        response.setStatus(status);
        HttpURI uri = HttpURI.build(request.getHttpURI()).pathQuery(contextPath(request, page)).asImmutable();
        return super.handle(new ErrorPageRequest(request, uri), response, callback);
    }

    private static String contextPath(Request request, String page) {
        return URIUtil.addPaths(request.getContext().getContextPath(), page.startsWith("/") ? page : "/" + page);
    }

    /** A parameter of the context's security handler (what web.xml's login-config became), or null. */
    private String formParameter(String name) {
        SecurityHandler security = getDescendant(SecurityHandler.class);
        return security == null ? null : security.getParameter(name);
    }

    /** The login Jetty's FORM authenticator keeps in the request's session, or null. */
    private static Object sessionLogin(Request request) {
        ServletContextRequest servletRequest = Request.as(request, ServletContextRequest.class);
        HttpSession session = servletRequest == null ? null : servletRequest.getServletApiRequest().getSession(false);
        try {
            return session == null ? null : session.getAttribute(SessionAuthentication.AUTHENTICATED_ATTRIBUTE);
        } catch (IllegalStateException invalidated) {
            return null;
        }
    }

    /** A refused login post on its way to {@link ErrorPageDispatch}: the page to serve in its place. */
    private static final class ErrorPageRequest extends Request.Wrapper {
        private final HttpURI errorPage;

        ErrorPageRequest(Request request, HttpURI errorPage) {
            super(request);
            this.errorPage = errorPage;
        }
    }

    /** What the FORM login did to the session: a new login in it (true), none (false), not seen (null). */
    private static final class LoginWatch {
        private Boolean loggedIn;
    }

    /** A login post whose outcome the guard wants, on its way to {@link ErrorPageDispatch}. */
    private static final class WatchedRequest extends Request.Wrapper {
        private final LoginWatch watch;

        WatchedRequest(Request request, LoginWatch watch) {
            super(request);
            this.watch = watch;
        }
    }

    /**
     * Between the session and the security handler: serves a refused login post's error page in its place,
     * as the security handler serves {@code FormAuthenticator}'s (the page is allowed without a login); notes
     * whether a watched login post put a new login into the session; passes everything else.
     */
    private static final class ErrorPageDispatch extends Handler.Wrapper {
        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            ErrorPageRequest refused = Request.as(request, ErrorPageRequest.class);
            WatchedRequest watched = Request.as(request, WatchedRequest.class);
            if (watched != null) {
                Object before = sessionLogin(request);
                boolean handled = super.handle(request, response, callback);
                Object after = sessionLogin(request);
                watched.watch.loggedIn = after != null && after != before;
                return handled;
            }
            if (refused == null) {
                return super.handle(request, response, callback);
            }
            Request errorPage = Request.serveAs(request, refused.errorPage);
            if (errorPage == null) {
                // No servlet serves the page: say the status, as FormAuthenticator does without an error page.
                Response.writeError(request, response, callback, response.getStatus());
                return true;
            }
            return super.handle(errorPage, response, callback);
        }
    }
}
