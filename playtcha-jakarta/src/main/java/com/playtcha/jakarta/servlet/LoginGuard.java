package com.playtcha.jakarta.servlet;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.Policy;
import com.playtcha.jakarta.servlet.multipart.MultipartPrefix;
import com.playtcha.jakarta.spi.VerifierAndCounts;
import com.playtcha.jakarta.spi.door.LoginPost;
import com.playtcha.jakarta.spi.door.LoginProtocol;
import com.playtcha.jakarta.spi.web.LoginAccount;
import com.playtcha.jakarta.spi.web.LoginAnswer;
import com.playtcha.jakarta.spi.web.LoginAttempt;
import com.playtcha.jakarta.spi.web.LoginOutcome;
import com.playtcha.jakarta.spi.web.LoginPolicy;
import com.playtcha.jakarta.spi.web.Rejection;
import com.playtcha.jakarta.spi.web.ServletRejection;
import com.playtcha.jakarta.spi.web.ServletRequestView;
import com.playtcha.jakarta.spi.web.WebGuard;
import com.playtcha.jakarta.spi.web.WebLogin;
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

/**
 * Decides a container FORM login's post for the hook ({@link LoginProtocol}) as the PlaytchaFilters mapped
 * onto it would: each, in order, through its own {@link LoginPolicy}; the post goes on only when every
 * one lets it. A refusal is answered as a wrong password is (the envelope, the form-error page, or
 * {@code sendError}), or described for the hook in {@link LoginProtocol#DESCRIBE describe mode}; every
 * answer carries {@value LoginProtocol#TOKEN_SPENT_HEADER} and {@value LoginPage#NEEDS_TOKEN_HEADER} ({@link LoginAnswer}).
 * Built at start ({@link LoginGuardListener}) from the filters' registrations. See design/web.md.
 */
final class LoginGuard implements Filter {

    private static final System.Logger LOG = System.getLogger(PlaytchaFilter.class.getName());

    /** One PlaytchaFilter registration whose URL patterns match a login post, its settings loaded at start-up. */
    record Guarding(String name, Map<String, String> initParams, PlaytchaSettings settings) {
    }

    /**
     * A guarding filter and, from its first login post on, what it decides with: the verifier and login
     * counts its filter uses ({@link SharedVerifiers}: the application's offer, or the registry's), looked
     * up then, once, since the application may offer them only after this guard is published.
     */
    private static final class Door {
        final Guarding filter;
        private VerifierAndCounts held;
        private boolean shared;
        private WebLogin login;

        Door(Guarding filter) {
            this.filter = filter;
        }

        synchronized WebLogin login(ServletContext context) {
            if (login == null) {
                try {
                    held = SharedVerifiers.offered(context, filter.name(), filter.initParams());
                } catch (ServletException e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
                shared = held == null;
                if (shared) {
                    held = SharedVerifiers.of(context).acquire(filter.settings());
                }
                PlaytchaVerifier verifier = held.verifier();
                login = new WebLogin(new LoginPolicy(filter.settings(), held.loginFailures()),
                        new WebGuard(filter.name(), Policy.of(filter.settings()), () -> verifier));
            }
            return login;
        }

        synchronized void release(ServletContext context) {
            if (shared) {
                SharedVerifiers.of(context).release(held); // never closes the application's
            }
            held = null;
            login = null;
        }
    }

    private final ServletContext context;
    private final List<Door> doors;
    private final String errorPage;

    /** {@code errorPage}: the form-error page of the application's web.xml, or {@code null}. */
    LoginGuard(ServletContext context, List<Guarding> filters, String errorPage) {
        this.context = context;
        this.doors = filters.stream().map(Door::new).toList();
        this.errorPage = errorPage;
    }

    /** Whether the filter URL pattern {@code pattern} matches some login post, by the Servlet mapping rules. */
    static boolean mapsLoginPosts(String pattern) {
        return pattern.equals("/*") || pattern.equals("/") || (pattern.endsWith("/*") && pattern.startsWith("/"))
                || (pattern.startsWith("/") && LoginPost.isLoginAction(pattern));
    }

    /** Whether {@code pattern} names the login post itself, not a pattern that happens to cover it. */
    static boolean namesLoginPost(String pattern) {
        return pattern.startsWith("/") && !pattern.endsWith("*") && LoginPost.isLoginAction(pattern);
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        HttpServletRequest current = request;
        LoginAccount account = account(request);
        LoginAnswer answer = new LoginAnswer(LOG);
        LoginOutcome outcome = null;
        for (Door door : doors) {
            ServletGuardedRequest guarded = new ServletGuardedRequest(current, door.filter.settings());
            WebLogin login = door.login(context);
            LoginAttempt attempt = answer.hear(login, login.decide(guarded, account), guarded);
            current = guarded.continued();
            if (!attempt.proceeds()) {
                Rejection refusal = LoginAnswer.refusal(attempt, current.getHeader("Accept"));
                LOG.log(Level.DEBUG, "PlaytchaFilter [{0}] refused a login post [status={1}, code={2}, uri={3}]", door.filter.name(),
                        refusal.status(), current.getAttribute(PlaytchaFilter.ERROR_CODE), WebGuard.path(current.getRequestURI()));
                answer(current, response, refusal, errorPage);
                return;
            }
            outcome = outcome != null ? outcome : attempt.outcome();
        }
        proceeding(current, response, answer, outcome);
        chain.doFilter(current, response);
    }

    /**
     * The account name a FORM login post gives ({@code j_username}) when it is surely the one the realm
     * checks ({@link ServletRequestView#account}), else {@link LoginAccount.Unnamed#UNREADABLE}.
     */
    static LoginAccount account(HttpServletRequest request) {
        String charset = request.getCharacterEncoding();
        return charset != null && MultipartPrefix.charset(charset) == null ? LoginAccount.Unnamed.UNREADABLE
                : ServletRequestView.account(request, "j_username");
    }

    /** Whether a login from {@code client} needs a token under any filter's policy, for the login pages. */
    boolean needsToken(String client) {
        return doors.stream().anyMatch(door -> door.login(context).needsToken(null, client));
    }

    /**
     * Prepares a login post that goes on: what {@code answer} tells the response and the page, and
     * {@code outcome} ({@code null}: nothing counted) as {@link LoginProtocol#OUTCOME} unless an earlier guard put
     * one there.
     */
    static void proceeding(HttpServletRequest request, HttpServletResponse response, LoginAnswer answer, LoginOutcome outcome) {
        answer.tell(request, response);
        if (outcome != null && request.getAttribute(LoginProtocol.OUTCOME) == null) {
            request.setAttribute(LoginProtocol.OUTCOME, outcome);
        }
    }

    /**
     * Answers the refused login post {@code request}; a page the hook set in {@link LoginProtocol#ERROR_PAGE} wins
     * over {@code errorPage}.
     */
    static void answer(HttpServletRequest request, HttpServletResponse response, Rejection rejection,
            String errorPage) throws IOException, ServletException {
        LoginAnswer.loginNeedsToken(request, true);
        Map<String, String> headers = rejection.headers();
        String page = rejection.json() != null ? null
                : request.getAttribute(LoginProtocol.ERROR_PAGE) instanceof String told ? told : errorPage;
        if (Boolean.TRUE.equals(request.getAttribute(LoginProtocol.DESCRIBE))) {
            request.setAttribute(LoginProtocol.REFUSAL_STATUS, rejection.status());
            request.setAttribute(LoginProtocol.REFUSAL_HEADERS, headers);
            ServletRequestView.attribute(request, LoginProtocol.REFUSAL_JSON, rejection.json());
            ServletRequestView.attribute(request, LoginProtocol.REFUSAL_PAGE, page);
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
