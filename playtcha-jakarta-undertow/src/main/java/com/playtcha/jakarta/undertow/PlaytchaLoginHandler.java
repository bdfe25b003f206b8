package com.playtcha.jakarta.undertow;

import com.playtcha.jakarta.spi.door.LoginPost;
import com.playtcha.jakarta.spi.door.LoginProtocol;
import io.undertow.security.api.AuthenticatedSessionManager;
import io.undertow.security.api.NotificationReceiver;
import io.undertow.security.api.SecurityContext;
import io.undertow.security.api.SecurityNotification;
import io.undertow.security.api.SecurityNotification.EventType;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.servlet.api.LoginConfig;
import io.undertow.servlet.handlers.ServletRequestContext;
import io.undertow.util.Methods;
import jakarta.servlet.Filter;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRequest;
import java.util.function.Consumer;

/**
 * Hands a login post ({@link LoginPost#byUndertow}, any method) to the guard the servlet context holds
 * ({@value #LOGIN_GUARD}, a {@link Filter}) before the FORM mechanism checks the password: the guard
 * calling its chain means "go on", returning means answered. A session Undertow holds authenticated
 * is not handed over. The guard's {@value #OUTCOME} hears once what the FORM mechanism told the
 * {@link SecurityContext}. See design/web.md.
 * {@code LoginPost} is the library's login-post rule, relocated into this jar by the build.
 */
final class PlaytchaLoginHandler implements HttpHandler {

    // Names of the login protocol (LoginProtocol, relocated into this jar), kept here only because this
    // class's documentation names them; the code uses LoginProtocol.
    /** Servlet-context attribute holding the library's login guard, a {@link Filter}. */
    static final String LOGIN_GUARD = LoginProtocol.GUARD;
    /** Request attribute: where the guard wants the outcome of the post it let go on. */
    static final String OUTCOME = LoginProtocol.OUTCOME;
    /** The name under which both FORM mechanisms report to the security context. */
    private static final String FORM = "FORM";

    private final HttpHandler next;
    private final ServletContext context;

    PlaytchaLoginHandler(HttpHandler next, ServletContext context) {
        this.next = next;
        this.context = context;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (!LoginPost.byUndertow(exchange.getRelativePath(), exchange.getRequestURI()) || heldAuthenticated(exchange)) {
            goOn(exchange);
        } else if (guardLetsGoOn(exchange)) {
            ServletRequest request = exchange.getAttachment(ServletRequestContext.ATTACHMENT_KEY).getServletRequest();
            Object outcome = request.getAttribute(LoginProtocol.OUTCOME);
            request.removeAttribute(LoginProtocol.OUTCOME);
            if (outcome instanceof Consumer<?> consumer && checksAPassword(exchange)) {
                goOnAndReport(exchange, consumer);
            } else {
                next.handleRequest(exchange);
            }
        }
    }

    /**
     * Runs the next handler; Undertow's throw on a refusal already committed
     * ({@value LoginProtocol#REFUSAL_COMMITTED}) ends the exchange quietly.
     */
    private void goOn(HttpServerExchange exchange) throws Exception {
        try {
            next.handleRequest(exchange);
        } catch (IllegalStateException answered) {
            ServletRequestContext servlet = exchange.getAttachment(ServletRequestContext.ATTACHMENT_KEY);
            if (!exchange.isResponseStarted() || servlet == null
                    || servlet.getServletRequest().getAttribute(LoginProtocol.REFUSAL_COMMITTED) == null) {
                throw answered;
            }
            exchange.endExchange();
        }
    }

    /** Whether a FORM mechanism will check the posted password: a POST, no session Undertow holds authenticated. */
    private static boolean checksAPassword(HttpServerExchange exchange) {
        return Methods.POST.equals(exchange.getRequestMethod()) && exchange.getSecurityContext() != null
                && !heldAuthenticated(exchange);
    }

    /** Whether Undertow holds the request's session authenticated (such a post tests no password). */
    private static boolean heldAuthenticated(HttpServerExchange exchange) {
        AuthenticatedSessionManager sessions = exchange.getAttachment(AuthenticatedSessionManager.ATTACHMENT_KEY);
        return sessions != null && sessions.lookupSession(exchange) != null;
    }

    /** Runs the next handler, listening to the security context, and reports what the FORM mechanism said. */
    @SuppressWarnings("unchecked")
    private void goOnAndReport(HttpServerExchange exchange, Consumer<?> consumer) throws Exception {
        SecurityContext security = exchange.getSecurityContext();
        FormAnswer answer = new FormAnswer();
        security.registerNotificationReceiver(answer);
        try {
            next.handleRequest(exchange);
        } finally {
            security.removeNotificationReceiver(answer);
        }
        if (answer.accepted != null) {
            ((Consumer<Boolean>) consumer).accept(answer.accepted);
        }
    }

    /** The first answer of a FORM mechanism to the security context: accepted, refused, or none (null). */
    private static final class FormAnswer implements NotificationReceiver {
        private Boolean accepted;

        @Override
        public void handleNotification(SecurityNotification notification) {
            if (accepted == null && FORM.equalsIgnoreCase(notification.getMechanism())) {
                EventType type = notification.getEventType();
                if (type == EventType.AUTHENTICATED || type == EventType.FAILED_AUTHENTICATION) {
                    accepted = type == EventType.AUTHENTICATED;
                }
            }
        }
    }

    /** Calls the guard, if the application has one; whether it called its chain ("go on"). */
    private boolean guardLetsGoOn(HttpServerExchange exchange) throws Exception {
        Object published = context.getAttribute(LoginProtocol.GUARD);
        if (published == null) {
            return true;
        }
        if (!(published instanceof Filter guard)) {
            throw new IllegalStateException("The servlet-context attribute " + LoginProtocol.GUARD + " is a "
                    + published.getClass().getName() + ", not a jakarta.servlet.Filter: the login post is not let through");
        }
        ServletRequestContext servlet = exchange.getAttachment(ServletRequestContext.ATTACHMENT_KEY);
        ServletRequest request = servlet.getServletRequest();
        LoginConfig login = servlet.getDeployment().getDeploymentInfo().getLoginConfig();
        if (login != null && login.getErrorPage() != null) {
            request.setAttribute(LoginProtocol.ERROR_PAGE, login.getErrorPage());
        }
        boolean[] goOn = {false};
        guard.doFilter(request, servlet.getServletResponse(), (req, res) -> goOn[0] = true);
        return goOn[0];
    }
}
