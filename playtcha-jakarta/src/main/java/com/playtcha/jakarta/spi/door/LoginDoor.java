package com.playtcha.jakarta.spi.door;

import jakarta.servlet.Filter;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * SPI: the door's side of the login protocol ({@link LoginProtocol}), written once for every door: the
 * Tomcat and Payara valves, the Jetty and Undertow handlers, the library's own filter hook. A door
 * {@linkplain #announce announces} itself on the application's servlet context, finds the application's
 * {@linkplain #guard guard} there for each post its container takes for a login, {@linkplain #handOver
 * hands the post over} with the form-error page its container knows, and gets a {@link Handover}: the post
 * goes on, or the guard answered it (or described the refusal, for a door that cannot dispatch yet). Once
 * the container has checked the password of a post that went on, the door tells the handover what the
 * realm answered. What is left to a door is its container's: which requests are login posts
 * ({@link LoginPost}), how a refusal reaches the client, how the realm's answer is read.
 *
 * <p>The Servlet API and the JDK only: each door jar carries this class relocated, with {@link LoginPost}
 * and {@link LoginProtocol}, and meets the application's copy of the library through the servlet context
 * alone. The realm's answer therefore crosses as a JDK type, the guard's {@code Consumer<Boolean>} in
 * {@value LoginProtocol#OUTCOME}: a door on the server's class path and the application's library are
 * loaded by different class loaders (and may be different versions), so no type of ours is the same class
 * on both sides, and the JDK has no non-generic one that takes a boolean. Its one unchecked call is here,
 * behind {@link Handover#realmAnswered}. The protocol step by step: docs/login.md, "Writing a hook for
 * another runtime".
 */
public final class LoginDoor {

    private final String name;

    /** The door {@code name}s itself in {@link LoginProtocol#HOOK}: {@code tomcat}, {@code jetty}, {@code payara}, ... */
    public LoginDoor(String name) {
        this.name = name;
    }

    /** Tells the application, before its listeners run, that this door hands it login posts and reports outcomes. */
    public void announce(ServletContext context) {
        context.setAttribute(LoginProtocol.HOOK, name);
        context.setAttribute(LoginProtocol.OUTCOMES, Boolean.TRUE);
    }

    /** Takes the announcement back: a door removed from a running application guards it no more. */
    public void withdraw(ServletContext context) {
        context.removeAttribute(LoginProtocol.HOOK);
        context.removeAttribute(LoginProtocol.OUTCOMES);
    }

    /**
     * The application's guard, looked up per post (a redeployed application publishes a new one), or
     * {@code null} when it guards no login.
     *
     * @throws IllegalStateException when {@value LoginProtocol#GUARD} holds something else: a login post is
     *         never let through unguarded because the guard cannot be read
     */
    public static Filter guard(ServletContext context) {
        Object guard = context.getAttribute(LoginProtocol.GUARD);
        if (guard == null || guard instanceof Filter) {
            return (Filter) guard;
        }
        throw new IllegalStateException("The servlet-context attribute " + LoginProtocol.GUARD + " holds a "
                + guard.getClass().getName() + ", not a jakarta.servlet.Filter: the login post is not let through");
    }

    /**
     * Hands a login post to {@code guard}: the application's request and response, {@code errorPage} (the
     * form-error page the container knows, context-relative; {@code null} or blank: none) as
     * {@value LoginProtocol#ERROR_PAGE}, and {@value LoginProtocol#DESCRIBE} when the door answers a refusal
     * itself from the attributes the guard sets. The door calls it on a thread whose context class loader is
     * the application's (a valve before the application's pipeline sets it), and then goes on with its own
     * request objects, whatever the guard passed its chain.
     */
    public static Handover handOver(Filter guard, ServletRequest request, ServletResponse response, String errorPage,
            boolean describe) throws IOException, ServletException {
        if (errorPage != null && !errorPage.isBlank()) {
            request.setAttribute(LoginProtocol.ERROR_PAGE, errorPage);
        }
        boolean[] goesOn = {false};
        request.setAttribute(LoginProtocol.DESCRIBE, describe ? Boolean.TRUE : null);
        try {
            guard.doFilter(request, response, (guarded, answered) -> goesOn[0] = true);
        } finally {
            request.removeAttribute(LoginProtocol.DESCRIBE);
        }
        return goesOn[0] ? outcome(request) : Handover.REFUSED;
    }

    /** A post that goes on, with the guard's {@value LoginProtocol#OUTCOME} taken off {@code request}: it is the door's to tell. */
    @SuppressWarnings("unchecked")
    public static Handover outcome(ServletRequest request) {
        Object outcome = request.getAttribute(LoginProtocol.OUTCOME);
        request.removeAttribute(LoginProtocol.OUTCOME);
        return new Handover(true, outcome instanceof Consumer<?> guard ? (Consumer<Boolean>) guard : null);
    }

    /**
     * What the guard said of one login post: it {@code goesOn} to the container's login, or the guard answered
     * it (or described its refusal); and the guard's {@code outcome}, {@code null} when it wants none.
     */
    public record Handover(boolean goesOn, Consumer<Boolean> outcome) {
        /** A post the guard answered, or whose refusal it described. */
        public static final Handover REFUSED = new Handover(false, null);

        /** Whether the guard wants the realm's answer: it counts failed logins. */
        public boolean wantsOutcome() {
            return outcome != null;
        }

        /**
         * Tells the guard that the container checked the password and the realm {@code accepted} it or not;
         * nothing when it wants no outcome. Once: the guard ignores a second call, and never throws.
         */
        public void realmAnswered(boolean accepted) {
            if (outcome != null) {
                outcome.accept(accepted);
            }
        }
    }
}
