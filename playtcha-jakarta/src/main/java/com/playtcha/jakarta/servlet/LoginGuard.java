package com.playtcha.jakarta.servlet;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.Policy;
import com.playtcha.jakarta.internal.web.LoginPolicy;
import com.playtcha.jakarta.internal.web.Rejection;
import com.playtcha.jakarta.internal.web.WebGuard;
import com.playtcha.jakarta.internal.web.servlet.ServletRejection;
import com.playtcha.jakarta.internal.web.servlet.ServletRequestView;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Decides a container FORM login's post for the hook that runs before the container's authenticator
 * ({@link LoginHooks}), exactly as the PlaytchaFilters mapped onto it would if the container ran them
 * first: each filter whose URL patterns reach a login post, in the order the container lists them,
 * decides it through its own {@link WebGuard} under its own policy, and the post goes on to the
 * password check only when every one of them lets it.
 *
 * <p>A refusal is answered the way the login answers a wrong password, so the login page needs nothing
 * new to show it: a client that prefers JSON gets the status and the envelope; a browser gets the
 * application's {@code <form-error-page>} with the refusal's status, the decision attributes readable on
 * the request; without a known form-error page, {@code sendError} (the application's
 * {@code <error-page>} applies). Every answer carries {@value LoginHooks#TOKEN_SPENT_HEADER} and
 * {@value LoginPage#NEEDS_TOKEN_HEADER} (a refusal: {@code true}, also as {@code login_needs_token} in its
 * JSON, and on the request for the page, {@link LoginPage}). In {@link LoginHooks#DESCRIBE describe mode}
 * nothing is written: the refusal is described in request attributes for the hook to answer. A
 * PlaytchaFilter that a login post reaches answers through {@link #answer} and {@link #proceeding} too.
 *
 * <p>Each filter decides under its {@code playtcha.login.require} ({@link LoginPolicy}): with
 * {@code after-failures} a post goes on without a token while its account, its client and the
 * application have not failed too often, and the guard puts {@link LoginHooks#OUTCOME} on it for the
 * hook to report the realm's answer. An attempt is counted once, by the first filter that counts: a
 * later filter lets a post an earlier one let go on without a token go on too, uncounted. The answer
 * tells the page whether this attempt needed a token, as its counts stood before it ({@link LoginPage}).
 *
 * <p>A filter that reaches one login post guards them all, whatever the path and the method: the
 * container takes a post to any path that ends in {@code /j_security_check} for its one login, and
 * checks a password sent by {@code GET} as well. Nor does the guard ask whether the request is a login
 * post at all: the hook hands over what its container takes for one, by the container's own rule,
 * and a second opinion here could only differ (design/login-guard.md).
 *
 * <p>Built when the application starts ({@link LoginGuardListener}) from the filters' registrations,
 * not from filter instances (WildFly starts filters lazily). Each filter's verifier is the one its
 * filter uses, looked up on the first login post and let go when the application stops.
 */
final class LoginGuard implements Filter {

    private static final System.Logger LOG = System.getLogger(PlaytchaFilter.class.getName());

    /**
     * One PlaytchaFilter registration whose URL patterns match a login post.
     *
     * @param name       the filter's name
     * @param initParams its init-params, as registered
     * @param settings   its settings, loaded (and so checked) at start-up
     */
    record Guarding(String name, Map<String, String> initParams, PlaytchaSettings settings) {
    }

    /** A guarding filter with its decision-maker and, once asked for, its verifier. */
    private static final class Door {
        final Guarding filter;
        final TokenFinder tokens;
        final LoginPolicy policy;
        private PlaytchaVerifier verifier;
        /** What the verifier's login counts are read from (the instance behind CDI's client proxy). */
        private Supplier<PlaytchaVerifier> counted;

        Door(Guarding filter, ServletContext context) {
            this.filter = filter;
            this.tokens = new TokenFinder(filter.settings().tokenHeader(), filter.settings().tokenParameter());
            Supplier<PlaytchaVerifier> verifier = () -> verifier(context);
            this.policy = new LoginPolicy(filter.settings(), new WebGuard(filter.name(), Policy.of(filter.settings()), verifier),
                    LoginPolicy.countsOf(() -> counted(context).get()));
        }

        synchronized PlaytchaVerifier verifier(ServletContext context) {
            if (verifier == null) {
                try {
                    verifier = SharedVerifiers.offered(context, filter.name(), filter.initParams());
                } catch (ServletException e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
                if (verifier == null) {
                    PlaytchaVerifier acquired = SharedVerifiers.of(context).acquire(filter.settings());
                    verifier = acquired;
                    counted = () -> acquired;
                } else {
                    counted = SharedVerifiers.counted(context, verifier);
                }
            }
            return verifier;
        }

        synchronized Supplier<PlaytchaVerifier> counted(ServletContext context) {
            verifier(context);
            return counted;
        }

        synchronized void release(ServletContext context) {
            if (verifier != null) {
                SharedVerifiers.of(context).release(verifier); // never closes the application's
            }
            verifier = null;
        }
    }

    private final ServletContext context;
    private final List<Door> doors;
    private final String errorPage;

    /**
     * @param filters   the filters whose patterns match a login post
     * @param errorPage the form-error page of the application's web.xml, or {@code null}
     */
    LoginGuard(ServletContext context, List<Guarding> filters, String errorPage) {
        this.context = context;
        this.doors = filters.stream().map(filter -> new Door(filter, context)).toList();
        this.errorPage = errorPage;
    }

    /**
     * Whether the filter URL pattern {@code pattern} matches some login post, by the Servlet rules for
     * filter mappings: an exact path ending in {@code /j_security_check}, {@code /*}, {@code /}, or a
     * path prefix ({@code /account/*}).
     */
    static boolean mapsLoginPosts(String pattern) {
        return pattern.equals("/*") || pattern.equals("/") || (pattern.endsWith("/*") && pattern.startsWith("/"))
                || (pattern.startsWith("/") && LoginHooks.isLoginAction(pattern));
    }

    /** Whether {@code pattern} names the login post itself, not a pattern that happens to cover it. */
    static boolean namesLoginPost(String pattern) {
        return pattern.startsWith("/") && !pattern.endsWith("*") && LoginHooks.isLoginAction(pattern);
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        HttpServletRequest current = request;
        String account = account(request);
        boolean tokenSpent = false;
        boolean needsToken = false;
        Consumer<Boolean> outcome = null;
        for (Door door : doors) {
            ServletGuardedRequest guarded = new ServletGuardedRequest(current, door.tokens);
            LoginPolicy.Attempt attempt = door.policy.decide(guarded, account);
            current = guarded.continued();
            if (attempt.observeNote() != null) {
                LOG.log(Level.INFO, attempt.observeNote());
            }
            if (attempt instanceof LoginPolicy.Attempt.Refused refused) {
                LOG.log(Level.DEBUG, "PlaytchaFilter [{0}] refused a login post [status={1}, code={2}, uri={3}]", door.filter.name(),
                        refused.decision().decision().status(), refused.decision().result().errorCode(), refused.decision().path());
                answer(current, response, refused, errorPage);
                return;
            }
            tokenSpent = attempt.tokenSpent();
            needsToken |= attempt.needsToken();
            outcome = outcome != null ? outcome : attempt.outcome();
        }
        proceeding(current, response, tokenSpent, needsToken, outcome);
        chain.doFilter(current, response);
    }

    /**
     * The account name a FORM login post gives ({@code j_username}), when the guard can be sure it is the
     * one the container's realm checks ({@link ServletRequestView#account}: one value, in the query or
     * the body, no longer than the bound); {@link LoginPolicy#UNREADABLE}, so a token is needed,
     * otherwise, and for a charset this JVM does not know as for a multipart body.
     */
    static String account(HttpServletRequest request) {
        String charset = request.getCharacterEncoding();
        return charset != null && HeaderParameters.charset(charset) == null ? LoginPolicy.UNREADABLE
                : ServletRequestView.account(request, "j_username");
    }

    /** Whether a login from {@code client} needs a token under any filter's policy, for the login pages. */
    boolean needsToken(String client) {
        return doors.stream().anyMatch(door -> door.policy.needsToken(null, client));
    }

    /**
     * Prepares a login post that goes on: the headers, what the page reads, and {@link LoginHooks#OUTCOME}
     * unless an earlier guard put one there (noting, for {@link FilterLoginHook#report}, whether the request
     * was logged in already).
     *
     * @param outcome where to report the realm's answer, or {@code null} when nothing is counted
     */
    static void proceeding(HttpServletRequest request, HttpServletResponse response, boolean tokenSpent,
            boolean needsToken, Consumer<Boolean> outcome) {
        response.setHeader(LoginHooks.TOKEN_SPENT_HEADER, Boolean.toString(tokenSpent));
        response.setHeader(LoginPage.NEEDS_TOKEN_HEADER, Boolean.toString(needsToken));
        ServletRequestView.loginNeedsToken(request, needsToken);
        if (outcome != null && request.getAttribute(LoginHooks.OUTCOME) == null) {
            request.setAttribute(LoginHooks.OUTCOME, outcome);
            request.setAttribute(FilterLoginHook.LOGGED_IN, request.getUserPrincipal() != null);
        }
    }

    /**
     * Answers the refused login post {@code request}.
     *
     * @param errorPage the application's form-error page from its web.xml, or {@code null}; a page the
     *                  hook set in {@link LoginHooks#ERROR_PAGE} wins
     */
    static void answer(HttpServletRequest request, HttpServletResponse response, LoginPolicy.Attempt.Refused refused,
            String errorPage) throws IOException, ServletException {
        Rejection rejection = refused.rejection().withHeader(LoginHooks.TOKEN_SPENT_HEADER, Boolean.toString(refused.tokenSpent()));
        ServletRequestView.loginNeedsToken(request, true);
        Map<String, String> headers = rejection.headers();
        String page = rejection.json() != null ? null
                : request.getAttribute(LoginHooks.ERROR_PAGE) instanceof String told ? told : errorPage;
        if (Boolean.TRUE.equals(request.getAttribute(LoginHooks.DESCRIBE))) {
            request.setAttribute(LoginHooks.REFUSAL_STATUS, rejection.status());
            request.setAttribute(LoginHooks.REFUSAL_HEADERS, headers);
            ServletRequestView.attribute(request, LoginHooks.REFUSAL_JSON, rejection.json());
            ServletRequestView.attribute(request, LoginHooks.REFUSAL_PAGE, page);
            return;
        }
        if (page == null) {
            ServletRejection.write(response, rejection);
            return;
        }
        headers.forEach(response::setHeader);
        response.setStatus(rejection.status());
        // What the container's FORM login does for a wrong password: the same request, forwarded.
        request.getRequestDispatcher(page).forward(request, response);
    }

    /** Lets go of the verifiers this guard looked up; called when the application stops. */
    void close() {
        doors.forEach(door -> door.release(context));
    }

    @Override
    public String toString() {
        return "LoginGuard" + doors.stream().map(door -> door.filter.name()).toList();
    }
}
