package com.playtcha.jakarta.servlet;

import com.playtcha.jakarta.spi.door.LoginProtocol;
import com.playtcha.jakarta.spi.web.LoginRenderer;
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
 *       {@code playtcha.loginNeedsToken} (the request attribute {@value #EL_NAME}, a map that JSP and
 *       Faces alike resolve, with or without CDI), set together wherever either is set;</li>
 *   <li>the response header {@value #NEEDS_TOKEN_HEADER}, {@code true} or {@code false}, on every answer
 *       to a guarded login post, and {@code login_needs_token} in a refusal's JSON envelope.</li>
 * </ul>
 * On a guarded login post they say whether that attempt needed a token, for the account it named and
 * its client as their counts stood before it, not after: the form-error page a failed login is
 * forwarded to, and a script reading the header of a post that went on, see {@code false} even when
 * this failure reached a threshold; the next attempt is then refused {@code token_required} (answered
 * {@code true}), which shows the widget. On the application's {@code <form-login-page>} and
 * {@code <form-error-page>} requested by themselves, the answer is for the client and the application
 * only: no account name is kept between requests to say which was tried last.
 */
public final class LoginPage {

    /** Request attribute: whether the login page should show the widget, a Boolean. */
    public static final String ATTRIBUTE = LoginRenderer.NEEDS_TOKEN_ATTRIBUTE;
    /** Request attribute under which a map answers {@code playtcha.loginNeedsToken} in EL. */
    public static final String EL_NAME = LoginRenderer.EL_NAME;
    /** Response header on every guarded login post: whether it needed a token (as the counts stood before it); refused, true. */
    public static final String NEEDS_TOKEN_HEADER = LoginProtocol.NEEDS_TOKEN_HEADER;

    private LoginPage() {
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
            if (request.getAttribute(ATTRIBUTE) == null
                    && getServletContext().getAttribute(LoginProtocol.GUARD) instanceof LoginGuard guard) {
                LoginRenderer.page(guard.needsToken(request.getRemoteAddr()), request::setAttribute); // JSP and Faces alike
            }
            chain.doFilter(request, response);
        }
    }
}
