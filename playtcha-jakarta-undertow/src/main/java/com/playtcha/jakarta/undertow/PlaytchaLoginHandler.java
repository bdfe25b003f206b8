package com.playtcha.jakarta.undertow;

import com.playtcha.jakarta.spi.door.LoginDoor;
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

/**
 * Hands a login post ({@link #loginPost}, any method) to the guard the servlet context holds
 * ({@link LoginDoor#guard}) before the FORM mechanism checks the password: the guard calling its chain
 * means "go on", returning means answered. A session Undertow holds authenticated is not handed over. The
 * guard hears once what the FORM mechanism told the {@link SecurityContext}. See design/web.md.
 * {@code LoginDoor} and {@code LoginPost} are the library's, relocated into this jar by the build.
 */
final class PlaytchaLoginHandler implements HttpHandler {

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
        Filter guard = loginPost(exchange.getRelativePath(), exchange.getRequestURI()) && !heldAuthenticated(exchange)
                ? LoginDoor.guard(context) : null;
        if (guard == null) {
            goOn(exchange);
            return;
        }
        ServletRequestContext servlet = exchange.getAttachment(ServletRequestContext.ATTACHMENT_KEY);
        LoginConfig login = servlet.getDeployment().getDeploymentInfo().getLoginConfig();
        LoginDoor.Handover handover = LoginDoor.handOver(guard, servlet.getServletRequest(), servlet.getServletResponse(),
                login == null ? null : login.getErrorPage(), false);
        if (handover.wantsOutcome() && checksAPassword(exchange)) {
            goOnAndReport(exchange, handover);
        } else if (handover.goesOn()) {
            next.handleRequest(exchange);
        }
    }

    /**
     * Undertow's and Elytron's FORM mechanisms' rule: the last segment of the application-relative path
     * (Undertow's, decoded but for an escaped slash), its path parameters removed, is {@code j_security_check};
     * or that of the request URI (as sent) with every escape decoded, {@code %2F} included, as Elytron reads it,
     * so {@code x%2Fj_security_check} is a login post to it.
     */
    static boolean loginPost(String relativePath, String requestUri) {
        return endsInAction(relativePath)
                || (requestUri != null && requestUri.indexOf('%') >= 0 && endsInAction(LoginPost.decoded(requestUri, true)));
    }

    /** Whether the last segment of {@code path}, its path parameters removed, is {@code j_security_check}. */
    static boolean endsInAction(String path) {
        if (path == null) {
            return false;
        }
        int segment = path.lastIndexOf('/') + 1;
        int parameters = path.indexOf(';', segment);
        int end = parameters < 0 ? path.length() : parameters;
        return end - segment == LoginPost.ACTION.length() && path.startsWith(LoginPost.ACTION, segment);
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
    private void goOnAndReport(HttpServerExchange exchange, LoginDoor.Handover handover) throws Exception {
        SecurityContext security = exchange.getSecurityContext();
        FormAnswer answer = new FormAnswer();
        security.registerNotificationReceiver(answer);
        try {
            next.handleRequest(exchange);
        } finally {
            security.removeNotificationReceiver(answer);
        }
        if (answer.accepted != null) {
            handover.realmAnswered(answer.accepted);
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
}
