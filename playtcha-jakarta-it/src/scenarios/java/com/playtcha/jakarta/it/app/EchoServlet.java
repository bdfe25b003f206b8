package com.playtcha.jakarta.it.app;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;

/**
 * The application behind the filter, packaged into the WARs: answers with what it saw as
 * {@code key=value} lines (the com.playtcha.* attributes, and the error status when it serves as an
 * error page). It names the attributes as strings, not through the library's constants: on the
 * embedded Jetty the test JVM must not load library classes.
 */
public class EchoServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    public static final List<String> ATTRIBUTES = List.of("com.playtcha.result", "com.playtcha.outcome",
            "com.playtcha.degraded", "com.playtcha.failed-open", "com.playtcha.error-code", "com.playtcha.request-id",
            "com.playtcha.ledger-id", "com.playtcha.held-locally");

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        StringBuilder out = new StringBuilder();
        out.append("servlet=").append(getServletName()).append('\n');
        out.append("method=").append(request.getMethod()).append('\n');
        Object errorStatus = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        if (errorStatus != null) {
            out.append("error.status=").append(errorStatus).append('\n');
        }
        for (String name : ATTRIBUTES) {
            Object value = request.getAttribute(name);
            if (value != null) {
                out.append(name).append('=').append(name.endsWith(".result") ? value.getClass().getSimpleName() : value).append('\n');
            }
        }
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().write(out.toString());
    }
}
