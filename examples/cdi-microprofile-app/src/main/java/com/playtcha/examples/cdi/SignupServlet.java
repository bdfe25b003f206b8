package com.playtcha.examples.cdi;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code POST /signup}, guarded by the PlaytchaFilter that {@code playtcha.url-patterns} registers
 * (see {@code META-INF/microprofile-config.properties}): this servlet only sees posts the filter
 * let through, and reads its verdict from the request attributes.
 */
@WebServlet("/signup")
public class SignupServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().printf("signed up [outcome=%s, failed-open=%s, degraded=%s]%n",
                request.getAttribute("com.playtcha.outcome"), request.getAttribute("com.playtcha.failed-open"),
                request.getAttribute("com.playtcha.degraded"));
    }
}
