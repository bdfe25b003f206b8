package com.playtcha.jakarta.spi.door;

/**
 * SPI: the names of the protocol between a login door (a hook on the server's class path, or the library's
 * own filter hook) and the application's login guard: the servlet-context and request attributes through
 * which the door hands a login post over and hears what to do with it, and the response headers on every
 * answer to a login attempt. Declared here once; the library's {@code LoginHooks} (the protocol's manual,
 * for the authors of hooks) and the web side read them, and each door jar carries this class relocated,
 * as it carries {@link LoginPost} (design/login-guard.md §8). Names, never types: a door and the
 * application share no class but the Servlet API's.
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
