package com.playtcha.jakarta.it.app.security;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** An application's error page for 403: says it was shown, and the refusal's code from the request attributes. */
public class RefusalPage extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain");
        response.getWriter().print("error page: code=" + request.getAttribute("com.playtcha.error-code"));
    }
}
