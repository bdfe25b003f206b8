package com.playtcha.jakarta.it.payara;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * A login guard that is not the library's, for {@code PayaraLoginValveIT}: published under the
 * protocol's servlet-context attribute by this listener, it does what the request's {@code stub} header
 * says ({@code continue}: calls the chain; {@code throw}: throws; anything else: answers 409 itself,
 * with what the valve gave it), so the valve's side of the protocol can be seen apart from the
 * library's decisions. Servlet API only, like the valve.
 */
public class StubLoginGuard implements Filter, ServletContextListener {

    static final String GUARD = "com.playtcha.jakarta.login.guard";
    static final String ERROR_PAGE = "com.playtcha.jakarta.login.error-page";

    @Override
    public void contextInitialized(ServletContextEvent event) {
        event.getServletContext().setAttribute(GUARD, new StubLoginGuard());
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        switch (String.valueOf(http.getHeader("stub"))) {
            case "continue" -> chain.doFilter(request, response);
            case "throw" -> throw new ServletException("the stub guard fails");
            default -> {
                boolean applicationLoader = Thread.currentThread().getContextClassLoader()
                        == request.getServletContext().getClassLoader();
                HttpServletResponse answer = (HttpServletResponse) response;
                answer.setStatus(409);
                answer.setContentType("text/plain;charset=UTF-8");
                answer.getWriter().write("page=stub-refusal\n"
                        + "context-class-loader=" + (applicationLoader ? "application" : "other") + "\n"
                        + "error-page=" + request.getAttribute(ERROR_PAGE) + "\n"
                        + "method=" + http.getMethod() + "\n"
                        + "context-path=" + http.getContextPath() + "\n");
            }
        }
    }
}
