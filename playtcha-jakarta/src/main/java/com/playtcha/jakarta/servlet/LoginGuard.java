package com.playtcha.jakarta.servlet;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.Policy;
import com.playtcha.jakarta.servlet.multipart.MultipartPrefix.Unread;
import com.playtcha.jakarta.spi.VerifierAndCounts;
import com.playtcha.jakarta.spi.door.LoginPost;
import com.playtcha.jakarta.spi.door.LoginProtocol;
import com.playtcha.jakarta.spi.store.LogThrottle;
import com.playtcha.jakarta.spi.web.LoginAnswer;
import com.playtcha.jakarta.spi.login.LoginPolicy;
import com.playtcha.jakarta.spi.web.WebGuard;
import com.playtcha.jakarta.spi.web.WebLogin;
import com.playtcha.jakarta.spi.web.ObserveNote;
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
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

/**
 * Decides a container FORM login's post for the hook ({@link LoginProtocol}) as the PlaytchaFilters mapped
 * onto it would: each, in order, through its own {@link LoginPolicy}; the post goes on only when every
 * one lets it; the post's answer, what {@link WebLogin} answered each of them, is carried out as the container's
 * FORM login answers ({@link FormLoginAnswer}). Built at start ({@link LoginGuardListener}) from the filters'
 * registrations. See design/web.md.
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
        /** This door's lines any client writes at will: each at most once per 10 s, with the count since. */
        final LogThrottle observed = new LogThrottle(10, TimeUnit.SECONDS);
        final ToLongFunction<Unread> bodies = ServletGuardedRequest.lines();
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
        HttpServletRequest current = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        LoginAnswer answer = null;
        for (Door door : doors) {
            ServletGuardedRequest guarded = new ServletGuardedRequest(current, door.filter.settings(), door.bodies);
            answer = door.login(context).decide(guarded, guarded.account()).after(answer);
            current = guarded.continued();
            ObserveNote.log(answer.observeNote(), LOG, door.observed);
            if (!answer.proceeds()) {
                LOG.log(Level.DEBUG, "PlaytchaFilter [{0}] refused a login post [status={1}, code={2}, uri={3}]", door.filter.name(),
                        answer.refusal().status(), current.getAttribute(PlaytchaFilter.ERROR_CODE), WebGuard.path(current.getRequestURI()));
                break;
            }
        }
        if (FormLoginAnswer.goesOn(current, response, answer, errorPage)) {
            chain.doFilter(current, response);
        }
    }

    /** Whether a login from {@code client} needs a token under any filter's policy, for the login pages. */
    boolean needsToken(String client) {
        return doors.stream().anyMatch(door -> door.login(context).needsToken(null, client));
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
