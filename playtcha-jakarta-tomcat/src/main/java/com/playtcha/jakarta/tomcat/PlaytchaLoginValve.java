package com.playtcha.jakarta.tomcat;

import com.playtcha.jakarta.spi.door.LoginDoor;
import com.playtcha.jakarta.spi.door.LoginPost;
import jakarta.servlet.Filter;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.Objects;
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
 * Lets Playtcha guard Tomcat's FORM login: hands every login post ({@code j_security_check}, any
 * method) to the application's login guard <em>before</em> Tomcat's {@code FormAuthenticator} checks
 * the password. A refused post is answered by the guard (the {@code <form-error-page>} with the
 * refusal's status and the {@code com.playtcha.*} request attributes, or the JSON envelope) and the
 * authenticator never runs: no realm call, no session. An accepted post goes on to the authenticator
 * as without this valve, which then tells the guard whether the realm accepted the password. An
 * application that does not guard its login is passed through untouched.
 *
 * <p>Put {@code playtcha-jakarta-tomcat-<version>.jar} into {@code $CATALINA_BASE/lib}, not into
 * {@code WEB-INF/lib} (Tomcat reads {@code context.xml} before the application's class loader exists);
 * keep {@code playtcha-jakarta} in the WAR, its {@code PlaytchaFilter} mapped onto
 * {@code /j_security_check}; and declare the valve in the WAR's {@code META-INF/context.xml} (or in
 * {@code conf/context.xml}, for every application):
 * <pre>{@code
 * <Context>
 *   <Valve className="com.playtcha.jakarta.tomcat.PlaytchaLoginValve"/>
 * </Context>
 * }</pre>
 * Embedded: {@code context.getPipeline().addValve(new PlaytchaLoginValve())} before {@code tomcat.start()}.
 * The valve has no settings (the guard's are its filter's). Valves run in the order they are declared:
 * a {@code RemoteIpValve} in {@code context.xml} goes before this one, a {@code FormAuthenticator}
 * declared there after it. Without the valve, the library fails the deployment of an application whose
 * filter names {@code /j_security_check}, saying what to add.
 *
 * <p><b>Warning:</b> the valve belongs to a context. Declared on a Host or an Engine in
 * {@code server.xml} it refuses to start, and so does Tomcat. Never put the {@code playtcha-jakarta}
 * library itself into {@code $CATALINA_BASE/lib}: see the
 * {@linkplain com.playtcha.jakarta.tomcat package description}.
 *
 * <p>The manual, with what the valve reads from Tomcat and how it reports a login: docs/login.md, "Tomcat".
 */
public final class PlaytchaLoginValve extends ValveBase {

    /** This door, named {@code tomcat} in the protocol's announcement. */
    private static final LoginDoor DOOR = new LoginDoor("tomcat");
    private static final String SLASH_ACTION = "/" + LoginPost.ACTION;

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
        DOOR.announce(context.getServletContext());
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
            DOOR.withdraw(context.getServletContext());
        }
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        Filter guard = loginPost(request.getDecodedRequestURI()) && request.getNote(HANDED_OVER) == null
                && !answeredFromItsLogin(request) ? LoginDoor.guard(request.getContext().getServletContext()) : null;
        if (guard == null) {
            getNext().invoke(request, response);
            return;
        }
        LoginDoor.Handover handover = handOver(guard, request, response);
        if (!handover.goesOn()) {
            return; // refused: the guard has answered, the authenticator must not run
        }
        boolean checksAPassword = request.getContext().getAuthenticator() instanceof FormAuthenticator && !loggedIn(request);
        getNext().invoke(request, response);
        if (handover.wantsOutcome() && checksAPassword) {
            report(handover, request, response);
        }
    }

    /**
     * Tomcat's {@code FormAuthenticator}'s rule: the decoded request URI (Tomcat's, dot segments resolved),
     * path parameters removed, ends in {@code /j_security_check}.
     */
    static boolean loginPost(String decodedUri) {
        return decodedUri != null && decodedUri.contains(LoginPost.ACTION)
                && LoginPost.withoutParameters(decodedUri).endsWith(SLASH_ACTION);
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
    private static void report(LoginDoor.Handover handover, Request request, Response response) {
        int status = response.getStatus();
        if (request.getUserPrincipal() != null) {
            handover.realmAnswered(true);
        } else if (!response.isError() && (status < 300 || status >= 400)) {
            handover.realmAnswered(false);
        }
    }

    /** The guard's answer to the post, which it reads as Tomcat's authenticator will. */
    private static LoginDoor.Handover handOver(Filter guard, Request request, Response response)
            throws IOException, ServletException {
        request.setNote(HANDED_OVER, Boolean.TRUE);
        Context context = request.getContext();
        if (context.getAuthenticator() instanceof FormAuthenticator form && form.getCharacterEncoding() != null) {
            // What FormAuthenticator does before it reads j_username, unconditionally: it must happen before
            // the guard's first getParameter parses the body.
            request.setCharacterEncoding(form.getCharacterEncoding());
        }
        if (!readable(request)) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST);
            return LoginDoor.Handover.REFUSED;
        }
        LoginConfig login = context.getLoginConfig();
        return LoginDoor.handOver(guard, request.getRequest(), response.getResponse(), login == null ? null : login.getErrorPage(),
                false);
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
}
