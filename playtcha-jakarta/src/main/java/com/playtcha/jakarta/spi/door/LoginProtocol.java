package com.playtcha.jakarta.spi.door;

/**
 * SPI: the login protocol between a door (a hook before the container's FORM authenticator: the Tomcat and
 * Payara valves, the Jetty and Undertow handlers, on Open Liberty the library's own filter) and the
 * application's login guard, by the names declared here once. A door shares no class with the application
 * but the Servlet API's, so the protocol is Servlet and JDK types under these names:
 * <ol>
 *   <li>the library publishes its guard, a {@code jakarta.servlet.Filter}, in {@value #GUARD} when a
 *       PlaytchaFilter's URL patterns match a login post; the door announces its name in {@value #HOOK}
 *       before the application's {@code contextInitialized};</li>
 *   <li>for every request its container takes for a login post (last path segment {@code j_security_check},
 *       any method), the door calls {@code guard.doFilter(request, response, chain)} with the application's
 *       class loader on the thread, optionally telling it {@value #ERROR_PAGE}; the post goes on when the
 *       guard calls the chain, else it is answered, or only described ({@value #DESCRIBE});</li>
 *   <li>once the container has checked the password of a post let go on, the door hands the realm's answer
 *       to the {@code Consumer<Boolean>} in {@value #OUTCOME}, and says it does so in {@value #OUTCOMES}.</li>
 * </ol>
 * {@link LoginDoor} is that side written once; {@link LoginPost} says which requests are login posts. Every
 * answer to a login attempt carries {@value #TOKEN_SPENT_HEADER} and {@value #NEEDS_TOKEN_HEADER}. Each door
 * jar carries this class relocated (design/login-guard.md §8), so a door and a library of other versions
 * still meet. The protocol step by step: docs/login.md, "Writing a hook for another runtime".
 *
 * <p><b>Warning:</b> an application that maps a PlaytchaFilter onto {@code /j_security_check} where filters
 * run after the login and no door announced itself fails to deploy, as does one under {@code after-failures}
 * whose door reports no outcomes: a mapping that cannot take effect is never silent.
 */
public final class LoginProtocol {

    /** Servlet-context attribute: the application's login guard, a {@code jakarta.servlet.Filter}. */
    public static final String GUARD = "com.playtcha.jakarta.login.guard";
    /** Servlet-context attribute: the name of the door that hands login posts to the {@link #GUARD}. */
    public static final String HOOK = "com.playtcha.jakarta.login.hook";
    /** Servlet-context attribute a door sets to {@code Boolean.TRUE} when it reports the {@link #OUTCOME}. */
    public static final String OUTCOMES = "com.playtcha.jakarta.login.outcomes";
    /** Request attribute a door may set: the form-error page, context-relative, as the container knows it. */
    public static final String ERROR_PAGE = "com.playtcha.jakarta.login.error-page";
    /** Request attribute a door sets to {@code Boolean.TRUE}: describe a refusal instead of writing it. */
    public static final String DESCRIBE = "com.playtcha.jakarta.login.describe";
    /** Request attribute in describe mode: the refusal's status, an Integer. */
    public static final String REFUSAL_STATUS = "com.playtcha.jakarta.login.refusal.status";
    /** Request attribute in describe mode: the refusal's headers, a {@code Map<String, String>}. */
    public static final String REFUSAL_HEADERS = "com.playtcha.jakarta.login.refusal.headers";
    /** Request attribute in describe mode: the JSON body for a client that prefers JSON, or absent. */
    public static final String REFUSAL_JSON = "com.playtcha.jakarta.login.refusal.json";
    /** Request attribute in describe mode: the form-error page to show with the status, or absent. */
    public static final String REFUSAL_PAGE = "com.playtcha.jakarta.login.refusal.page";
    /**
     * Request attribute, {@code Boolean.TRUE} once a guard wrote and committed a refusal that the container
     * must not answer again with an error page of its own.
     */
    public static final String REFUSAL_COMMITTED = "com.playtcha.internal.refusal-committed";
    /** Request attribute the guard sets on a post it lets go on: a {@code Consumer<Boolean>} for the realm's answer. */
    public static final String OUTCOME = "com.playtcha.jakarta.login.outcome";
    /** Response header on every answer to a login attempt: {@code true} when the widget must be reset. */
    public static final String TOKEN_SPENT_HEADER = "Playtcha-Token-Spent";
    /** Response header on every answer to a login attempt: whether it needed a token. */
    public static final String NEEDS_TOKEN_HEADER = "Playtcha-Login-Needs-Token";

    private LoginProtocol() {
    }
}
