package com.playtcha.jakarta.internal.login;

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
 * Hands a login post to the application's login guard before Undertow authenticates it (the FORM
 * mechanism checks the password), and lets it go on only when the guard says so.
 *
 * <p>A login post is what Undertow's and Elytron's FORM mechanisms take for one
 * ({@link LoginPost#byUndertow}), whatever its method: the guard checks the rest. Every other request goes straight to
 * the next handler, and so does a login post of a session Undertow holds authenticated (its
 * cached-session mechanism answers it without reading a credential: no token, not counted).
 *
 * <p>For a login post the guard is looked up in the servlet context each time
 * ({@value #LOGIN_GUARD}, a {@link Filter}); without one the post goes on untouched. With one, the
 * request gets the application's {@code <form-error-page>} from Undertow's {@link LoginConfig}
 * ({@value #ERROR_PAGE}) when it has one, and the guard is called with the servlet request and
 * response. The guard calling its chain means "go on": Undertow's next handler runs, with
 * Undertow's own exchange. The guard returning without calling it means the request is answered
 * (the form-error page, the JSON envelope or an error status): the password is never checked. An
 * exception of the guard propagates, and Undertow answers it as it answers a failing filter.
 *
 * <p>When the guard that let a post go on left a {@code Consumer<Boolean>} in {@value #OUTCOME}, it
 * hears once how the FORM mechanism answered: what the mechanism tells the exchange's
 * {@link SecurityContext} ({@code authenticationComplete}, {@code authenticationFailed}: Elytron's
 * and Undertow's own FORM mechanisms both do), heard as the context's notifications. Nothing is
 * reported for a post that no FORM mechanism checked: a method other than POST (neither mechanism
 * takes one), a session Undertow already holds authenticated, or an exception on the way.
 */
final class UndertowLoginHandler implements HttpHandler {

    /** Servlet-context attribute holding the library's login guard, a {@link Filter}. */
    static final String LOGIN_GUARD = "com.playtcha.jakarta.login.guard";
    /** Request attribute telling the guard the context-relative form-error page. */
    static final String ERROR_PAGE = "com.playtcha.jakarta.login.error-page";
    /** Request attribute: a guard wrote and committed a refusal (ServletRejection.COMMITTED). */
    static final String REFUSAL_COMMITTED = "com.playtcha.internal.refusal-committed";
    /** Request attribute: where the guard wants the outcome of the post it let go on (LoginHooks.OUTCOME). */
    static final String OUTCOME = "com.playtcha.jakarta.login.outcome";
    /** The name under which both FORM mechanisms report to the security context. */
    private static final String FORM = "FORM";

    private final HttpHandler next;
    private final ServletContext context;

    UndertowLoginHandler(HttpHandler next, ServletContext context) {
        this.next = next;
        this.context = context;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (!LoginPost.byUndertow(exchange.getRelativePath(), exchange.getRequestURI()) || heldAuthenticated(exchange)) {
            goOn(exchange);
        } else if (guardLetsGoOn(exchange)) {
            ServletRequest request = exchange.getAttachment(ServletRequestContext.ATTACHMENT_KEY).getServletRequest();
            Object outcome = request.getAttribute(OUTCOME);
            request.removeAttribute(OUTCOME);
            if (outcome instanceof Consumer<?> consumer && checksAPassword(exchange)) {
                goOnAndReport(exchange, consumer);
            } else {
                next.handleRequest(exchange);
            }
        }
    }

    /**
     * Runs the next handler. A guard of the application's own mechanism ({@code @PlaytchaLogin}) that refused
     * an authentication committed its answer ({@value #REFUSAL_COMMITTED}); Undertow's security layer
     * then calls {@code sendError} for the failed authentication, which throws on the committed response
     * and was logged as {@code UT005023} with a stack trace on every refusal. That exception alone ends
     * the exchange quietly: the refusal is the answer.
     */
    private void goOn(HttpServerExchange exchange) throws Exception {
        try {
            next.handleRequest(exchange);
        } catch (IllegalStateException answered) {
            ServletRequestContext servlet = exchange.getAttachment(ServletRequestContext.ATTACHMENT_KEY);
            if (!exchange.isResponseStarted() || servlet == null
                    || servlet.getServletRequest().getAttribute(REFUSAL_COMMITTED) == null) {
                throw answered;
            }
            exchange.endExchange();
        }
    }

    /**
     * Whether a FORM mechanism will check the posted password: a POST, and no authenticated session of
     * Undertow's own (its cached-session mechanism would answer first; Elytron keeps no such session).
     */
    private static boolean checksAPassword(HttpServerExchange exchange) {
        return Methods.POST.equals(exchange.getRequestMethod()) && exchange.getSecurityContext() != null
                && !heldAuthenticated(exchange);
    }

    /**
     * Whether Undertow holds the request's session authenticated: its cached-session mechanism answers
     * the post from that login, before any FORM mechanism reads a credential. Such a post tests no
     * password: it is not handed to the guard, so it needs no token and counts as no attempt.
     */
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
        Object published = context.getAttribute(LOGIN_GUARD);
        if (published == null) {
            return true;
        }
        if (!(published instanceof Filter guard)) {
            throw new IllegalStateException("The servlet-context attribute " + LOGIN_GUARD + " is a "
                    + published.getClass().getName() + ", not a jakarta.servlet.Filter: the login post is not let through");
        }
        ServletRequestContext servlet = exchange.getAttachment(ServletRequestContext.ATTACHMENT_KEY);
        ServletRequest request = servlet.getServletRequest();
        LoginConfig login = servlet.getDeployment().getDeploymentInfo().getLoginConfig();
        if (login != null && login.getErrorPage() != null) {
            request.setAttribute(ERROR_PAGE, login.getErrorPage());
        }
        boolean[] goOn = {false};
        guard.doFilter(request, servlet.getServletResponse(), (req, res) -> goOn[0] = true);
        return goOn[0];
    }
}
