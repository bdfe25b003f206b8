package com.playtcha.jakarta.payara;

import com.playtcha.jakarta.spi.door.LoginPost;
import com.playtcha.jakarta.spi.door.LoginProtocol;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.catalina.CometEvent;
import org.apache.catalina.Contained;
import org.apache.catalina.Container;
import org.apache.catalina.Context;
import org.apache.catalina.Session;
import org.apache.catalina.Valve;
import org.apache.catalina.authenticator.Constants;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.deploy.LoginConfig;

/**
 * Hands a FORM login's post ({@code j_security_check}) to the application's Playtcha login guard before
 * Payara's authenticator checks the password, so a post without a valid token never reaches the realm.
 * A valve of Payara Server 6's virtual server: Payara's authenticator runs first in each application's
 * own pipeline, where no application code and no filter comes before it; a virtual server's valves run
 * before that pipeline. A refused post is answered by the guard (the form-error page with the refusal's
 * status, or the JSON envelope); one that goes on reaches the authenticator, and the valve then tells
 * the guard whether the realm accepted the password. Applications that do not guard their login (no
 * {@value #GUARD} attribute) pass untouched.
 *
 * <p><b>Install</b> (once per domain, then restart it): the {@code playtcha-jakarta-payara} jar in the
 * domain's {@code lib} directory (not in the WAR), and the valve on the virtual server:
 * <pre>
 * asadmin set \
 *     configs.config.server-config.http-service.virtual-server.server.property.valve_1=com.playtcha.jakarta.payara.PlaytchaLoginValve
 * </pre>
 * ({@code valve_1}: any {@code valve_}-name the virtual server does not use yet; {@code server}: the
 * virtual server the applications run on.) The valve has no other settings. The application maps its
 * {@code PlaytchaFilter} onto {@code /j_security_check} as on any runtime; {@link PlaytchaLoginAnnouncer}
 * tells it the valve is there, and without the valve it fails to deploy. Payara 6 only: Payara 7 no
 * longer reads {@code valve_} properties.
 *
 * <p><b>Warning:</b> the valve answers before Payara has set the request up for the application: for a
 * refused login post no {@code ServletRequestListener} hears of the request, and a bare status (a
 * refusal without a form-error page, or 500 when the guard throws) is not given the application's
 * {@code <error-page>}.
 *
 * <p>The manual, with the protocol the valve speaks and the outcomes it reports: docs/login.md, "Payara".
 */
public final class PlaytchaLoginValve implements Valve, Contained {

    // Names of the login protocol (LoginProtocol, relocated into this jar), kept here only because the
    // documentation of this class and of PlaytchaLoginAnnouncer names them; the code uses LoginProtocol.
    /** Servlet-context attribute: the application's login guard, a {@link Filter}. */
    static final String GUARD = LoginProtocol.GUARD;
    /** Servlet-context attribute: the name of the hook that hands login posts to the guard. */
    static final String HOOK = LoginProtocol.HOOK;
    /** This hook's name, the value of {@value #HOOK}. */
    static final String HOOK_NAME = "payara";
    /** Request attribute: the application's form-error page, context-relative. */
    static final String ERROR_PAGE = LoginProtocol.ERROR_PAGE;
    /** Request attribute: the guard's {@code Consumer<Boolean>} for the outcome of a post it let go on. */
    static final String OUTCOME = LoginProtocol.OUTCOME;
    /** Servlet-context attribute: the hook reports login outcomes. */
    static final String OUTCOMES = LoginProtocol.OUTCOMES;

    /** What the valve does with a request of an application that guards its login. */
    enum Handling {
        /** Hands it to the guard: Payara takes it for a login post, and so does the guard. */
        GUARD,
        /** Refuses it 403: Payara would log in where the guard's rule does not look. */
        REFUSE,
        /** Lets it pass: no login post to Payara. */
        PASS
    }

    private static final System.Logger LOG = System.getLogger(PlaytchaLoginValve.class.getName());
    /** The virtual servers (host names) a PlaytchaLoginValve was added to, for {@link PlaytchaLoginAnnouncer}. */
    private static final Set<String> HOSTS = ConcurrentHashMap.newKeySet();

    private volatile Container container;
    private volatile Valve next;

    /**
     * Whether a PlaytchaLoginValve guards the login posts of the applications on {@code virtualServer}.
     *
     * @param virtualServer a virtual server's name ({@link ServletContext#getVirtualServerName()})
     * @return true once the valve was added to that virtual server
     */
    static boolean installedOn(String virtualServer) {
        return virtualServer != null && HOSTS.contains(virtualServer);
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        if (!guarded(request, response)) {
            return;
        }
        Object outcome = request.getAttribute(LoginProtocol.OUTCOME);
        if (outcome != null) {
            request.removeAttribute(LoginProtocol.OUTCOME); // the guard's callback is this valve's to call, once
        }
        if (outcome instanceof Consumer<?> consumer && formLogin(request.getContext()) && !loggedIn(request)) {
            next.invoke(request, response);
            report(consumer, request, response);
        } else {
            next.invoke(request, response);
        }
    }

    private static boolean formLogin(Context context) {
        LoginConfig login = context == null ? null : context.getLoginConfig();
        return login != null && "FORM".equalsIgnoreCase(login.getAuthMethod());
    }

    /** Whether Payara will take the request's existing login and check no password. */
    private static boolean loggedIn(Request request) {
        if (request.getNote(Constants.REQ_SSOID_NOTE) != null || registered(request)) {
            return true;
        }
        Session session = request.getSessionInternal(false);
        return session != null && session.getNote(Constants.SESS_USERNAME_NOTE) != null;
    }

    /**
     * Whether the authenticator registered a principal: on the request, or (what Payara leaves once its
     * pipeline is done) in the session, as its principal or its FORM login's note.
     */
    private static boolean registered(Request request) {
        if (request.getUserPrincipal() != null) {
            return true;
        }
        Session session = request.getSessionInternal(false);
        return session != null && (session.getPrincipal() != null || session.getNote(Constants.FORM_PRINCIPAL_NOTE) != null);
    }

    /** Tells the guard how Payara's authenticator answered a post of a request that was not logged in. */
    @SuppressWarnings("unchecked")
    private static void report(Consumer<?> consumer, Request request, Response response) {
        int status = response.getStatus();
        if (registered(request)) {
            ((Consumer<Boolean>) consumer).accept(Boolean.TRUE);
        } else if (!response.isError() && (status < 300 || status >= 400)) {
            ((Consumer<Boolean>) consumer).accept(Boolean.FALSE);
        }
    }

    /**
     * Decides a login post with the application's guard; true when the request goes on to Payara.
     */
    private boolean guarded(Request request, Response response) throws IOException, ServletException {
        Context context = request.getContext();
        Handling handling = context == null ? Handling.PASS : handling(request.getDecodedRequestURI(), request.getRequestURI());
        if (handling == Handling.PASS) {
            return true;
        }
        ServletContext application = context.getServletContext();
        if (!(application.getAttribute(LoginProtocol.GUARD) instanceof Filter guard)) {
            return true;
        }
        ServletRequest servletRequest = request.getRequest();
        HttpServletResponse servletResponse = response.getResponse();
        if (handling == Handling.REFUSE) {
            // Payara would log in here, but the guard does not take the path for a login post and would
            // let it through unguarded: where Payara's decoding and the guard's rule disagree.
            LOG.log(Level.DEBUG, "Login post refused: Payara would log in at a path the login guard does not"
                    + " guard [uri={0}]", request.getDecodedRequestURI());
            servletResponse.sendError(HttpServletResponse.SC_FORBIDDEN);
            return false;
        }
        LoginConfig login = context.getLoginConfig();
        if (login != null && login.getErrorPage() != null) {
            servletRequest.setAttribute(LoginProtocol.ERROR_PAGE, login.getErrorPage());
        }
        return ask(guard, application.getClassLoader(), servletRequest, servletResponse);
    }

    /**
     * Calls {@code guard} on the application's request and response with the application's class loader
     * as the thread's context class loader; true when the guard called the chain.
     */
    private static boolean ask(Filter guard, ClassLoader application, ServletRequest servletRequest,
            HttpServletResponse servletResponse) throws IOException, ServletException {
        Continuation chain = new Continuation();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(application);
        try {
            guard.doFilter(servletRequest, servletResponse, chain);
        } catch (IOException | ServletException | RuntimeException e) {
            // Payara's connector logs what a virtual-server valve throws, but answers 200 with no body.
            if (!servletResponse.isCommitted()) {
                servletResponse.sendError(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
            }
            throw e;
        } finally {
            thread.setContextClassLoader(previous);
        }
        return chain.called;
    }

    /**
     * What the valve does with a request by its {@code decodedUri} (Payara's) and {@code requestUri} (as
     * sent), by the login-post rule the library and every door share ({@link LoginPost}).
     */
    static Handling handling(String decodedUri, String requestUri) {
        if (!LoginPost.byPayara(decodedUri)) {
            return Handling.PASS;
        }
        return LoginPost.isLoginAction(requestUri) ? Handling.GUARD : Handling.REFUSE;
    }

    /** Records that the guard let the post go on; the valve continues with its own request objects. */
    private static final class Continuation implements FilterChain {

        private boolean called;

        @Override
        public void doFilter(ServletRequest request, ServletResponse response) {
            called = true;
        }
    }

    @Override
    public void event(Request request, Response response, CometEvent event) throws IOException, ServletException {
        next.event(request, response, event);
    }

    @Override
    public Container getContainer() {
        return container;
    }

    /**
     * Called by Payara when the valve is added to a virtual server (more than once: by the virtual server
     * and by its pipeline), and with {@code null} when it is removed.
     */
    @Override
    public void setContainer(Container container) {
        Container previous = this.container;
        this.container = container;
        if (previous == container) {
            return;
        }
        if (previous != null) {
            HOSTS.remove(previous.getName());
        }
        if (container != null && HOSTS.add(container.getName())) {
            LOG.log(Level.INFO, "Playtcha login valve added to virtual server {0} [version={1}]", container.getName(),
                    PlaytchaLoginValve.class.getPackage().getImplementationVersion());
        }
    }

    @Override
    public Valve getNext() {
        return next;
    }

    @Override
    public void setNext(Valve valve) {
        this.next = valve;
    }

    @Override
    public String getInfo() {
        return PlaytchaLoginValve.class.getName();
    }

    @Override
    public void backgroundProcess() {
        // Nothing to do in the background.
    }
}
