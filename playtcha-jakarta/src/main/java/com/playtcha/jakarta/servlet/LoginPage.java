package com.playtcha.jakarta.servlet;

import com.playtcha.jakarta.internal.web.LoginPolicy;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * What a guarded login's page reads to know whether to show the widget, with
 * {@code playtcha.login.require=after-failures} (with {@code always} it is always {@code true}):
 *
 * <pre>{@code
 * <%-- JSP: ${playtcha.loginNeedsToken}; Faces: #{playtcha.loginNeedsToken} --%>
 * <c:if test="${playtcha.loginNeedsToken}"><div class="playtcha-widget" data-sitekey="..."></div></c:if>
 * }</pre>
 *
 * <ul>
 *   <li>the request attribute {@value #ATTRIBUTE}, a Boolean, and the same answer under the EL name
 *       {@code playtcha.loginNeedsToken} (the request attribute {@value #EL_NAME}, an instance of this
 *       class, which JSP and Faces alike resolve, with or without CDI);</li>
 *   <li>the response header {@value #NEEDS_TOKEN_HEADER}, {@code true} or {@code false}, on every answer
 *       to a guarded login post, and {@code login_needs_token} in a refusal's JSON envelope.</li>
 * </ul>
 * They are set on every guarded login post, for the account it named and its client, before the post
 * goes on: the form-error page the container forwards a failed login to reads them as they stood before
 * that failure (the attempt that crosses a threshold is answered {@code token_required} on the next
 * try, which shows the widget). On the application's {@code <form-login-page>} and
 * {@code <form-error-page>} requested by themselves, the answer is for the client and the application
 * only: no account name is kept between requests to say which was tried last.
 */
public final class LoginPage {

    /** Request attribute: whether the login page should show the widget, a Boolean. */
    public static final String ATTRIBUTE = LoginPolicy.NEEDS_TOKEN_ATTRIBUTE;
    /** Request attribute under which this class answers {@code playtcha.loginNeedsToken} in EL. */
    public static final String EL_NAME = "playtcha";
    /** Response header on every guarded login post: whether the next attempt must carry a token. */
    public static final String NEEDS_TOKEN_HEADER = LoginPolicy.NEEDS_TOKEN_HEADER;

    private final boolean loginNeedsToken;

    private LoginPage(boolean loginNeedsToken) {
        this.loginNeedsToken = loginNeedsToken;
    }

    /** Whether the login page should show the widget: EL {@code playtcha.loginNeedsToken}. */
    public boolean isLoginNeedsToken() {
        return loginNeedsToken;
    }

    /** Puts the answer on {@code request}, under both names. */
    static void publish(HttpServletRequest request, boolean needsToken) {
        request.setAttribute(ATTRIBUTE, needsToken);
        request.setAttribute(EL_NAME, new LoginPage(needsToken));
    }

    @Override
    public String toString() {
        return "LoginPage[loginNeedsToken=" + loginNeedsToken + "]";
    }

    /**
     * Mapped by {@link PlaytchaInitializer} onto the form-login and form-error pages of web.xml (requests
     * and forwards): answers for the client and the application, unless a login post answered already.
     */
    static final class Pages extends HttpFilter {
        private static final long serialVersionUID = 1L;

        /** The name the filter is registered under. */
        static final String NAME = "playtcha-login-pages";

        @Override
        protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            if (request.getAttribute(ATTRIBUTE) == null && getServletContext().getAttribute(LoginHooks.GUARD) instanceof LoginGuard guard) {
                publish(request, guard.needsToken(request.getRemoteAddr()));
            }
            chain.doFilter(request, response);
        }
    }
}
