package com.playtcha.jakarta.payara;

import com.playtcha.jakarta.spi.door.LoginDoor;
import com.playtcha.jakarta.spi.door.LoginPost;
import jakarta.servlet.Filter;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
 * guard published, {@link LoginDoor#guard}) pass untouched.
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

    /** This door, named {@code payara} in the protocol's announcement ({@link PlaytchaLoginAnnouncer} makes it). */
    static final LoginDoor DOOR = new LoginDoor("payara");
    private static final String SLASH_ACTION = "/" + LoginPost.ACTION;

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
        LoginDoor.Handover handover;
        try {
            handover = guarded(request, response);
        } catch (IOException | ServletException | RuntimeException e) {
            // Payara's connector logs what a virtual-server valve throws, but answers 200 with no body.
            if (!response.getResponse().isCommitted()) {
                response.getResponse().sendError(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
            }
            throw e;
        }
        if (!handover.goesOn()) {
            return;
        }
        boolean checksAPassword = formLogin(request.getContext()) && !loggedIn(request);
        next.invoke(request, response);
        if (handover.wantsOutcome() && checksAPassword) {
            report(handover, request, response);
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
    private static void report(LoginDoor.Handover handover, Request request, Response response) {
        int status = response.getStatus();
        if (registered(request)) {
            handover.realmAnswered(true);
        } else if (!response.isError() && (status < 300 || status >= 400)) {
            handover.realmAnswered(false);
        }
    }

    /** Decides a login post with the application's guard; any other request goes on to Payara. */
    private LoginDoor.Handover guarded(Request request, Response response) throws IOException, ServletException {
        Context context = request.getContext();
        Handling handling = context == null ? Handling.PASS : handling(request.getDecodedRequestURI(), request.getRequestURI());
        Filter guard = handling == Handling.PASS ? null : LoginDoor.guard(context.getServletContext());
        if (guard == null) {
            return new LoginDoor.Handover(true, null); // no guard asked: the request goes on, no outcome wanted
        }
        HttpServletResponse servletResponse = response.getResponse();
        if (handling == Handling.REFUSE) {
            // Payara would log in here, but the guard does not take the path for a login post and would
            // let it through unguarded: where Payara's decoding and the guard's rule disagree.
            LOG.log(Level.DEBUG, "Login post refused: Payara would log in at a path the login guard does not"
                    + " guard [uri={0}]", request.getDecodedRequestURI());
            servletResponse.sendError(HttpServletResponse.SC_FORBIDDEN);
            return LoginDoor.Handover.REFUSED;
        }
        LoginConfig login = context.getLoginConfig();
        return ask(guard, context.getServletContext(), request.getRequest(), servletResponse,
                login == null ? null : login.getErrorPage());
    }

    /**
     * Hands the post to {@code guard} with the application's class loader as the thread's context class
     * loader: the valve runs before the application's pipeline, which would set it.
     */
    private static LoginDoor.Handover ask(Filter guard, ServletContext application, ServletRequest servletRequest,
            HttpServletResponse servletResponse, String errorPage) throws IOException, ServletException {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(application.getClassLoader());
        try {
            return LoginDoor.handOver(guard, servletRequest, servletResponse, errorPage, false);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /**
     * What the valve does with a request by its {@code decodedUri} (Payara's) and {@code requestUri} (as
     * sent): Payara's {@code FormAuthenticator} takes a decoded request URI ending in {@code /j_security_check}
     * for a login post; the valve hands it to the guard where the guard's rule ({@link LoginPost#isLoginAction})
     * takes it too, and refuses it where not.
     */
    static Handling handling(String decodedUri, String requestUri) {
        if (decodedUri == null || !decodedUri.endsWith(SLASH_ACTION)) {
            return Handling.PASS;
        }
        return LoginPost.isLoginAction(requestUri) ? Handling.GUARD : Handling.REFUSE;
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
