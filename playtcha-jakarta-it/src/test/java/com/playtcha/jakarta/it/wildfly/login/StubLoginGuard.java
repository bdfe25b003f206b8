package com.playtcha.jakarta.it.wildfly.login;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * A stand-in for the library's login guard, for the door's own scenario: it speaks the login
 * protocol and nothing more. Published as {@code com.playtcha.jakarta.login.guard} by its
 * {@link Publisher} (a listener in web.xml). A login post whose form says {@code verdict=refuse} is
 * refused the way the real guard refuses an HTML client: status 403 and a forward to the
 * form-error page the door put into {@code com.playtcha.jakarta.login.error-page} (or 500 when the
 * door gave none, which the test would see); any other goes on.
 */
public class StubLoginGuard implements Filter {

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!"refuse".equals(request.getParameter("verdict"))) {
            chain.doFilter(request, response);
            return;
        }
        Object errorPage = request.getAttribute("com.playtcha.jakarta.login.error-page");
        if (!(errorPage instanceof String page)) {
            ((HttpServletResponse) response).sendError(500, "the door named no form-error page");
            return;
        }
        request.setAttribute("com.playtcha.error-code", "stub_refusal");
        ((HttpServletResponse) response).setStatus(403);
        request.getRequestDispatcher(page).forward(request, response);
    }

    /** Publishes the stub guard when the application starts. */
    public static class Publisher implements ServletContextListener {
        @Override
        public void contextInitialized(ServletContextEvent event) {
            event.getServletContext().setAttribute("com.playtcha.jakarta.login.guard", new StubLoginGuard());
        }
    }
}
