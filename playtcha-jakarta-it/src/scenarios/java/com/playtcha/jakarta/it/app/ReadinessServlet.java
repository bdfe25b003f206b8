package com.playtcha.jakarta.it.app;

import io.smallrye.health.SmallRyeHealthReporter;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * SmallRye Health's readiness report at {@code /health/ready}, as a MicroProfile runtime serves it
 * (Jetty has no Health endpoint of its own): 200 when UP, 503 when DOWN, the JSON body.
 */
@WebServlet("/health/ready")
public class ReadinessServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Inject
    SmallRyeHealthReporter health;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        var readiness = health.getReadiness();
        response.setStatus(readiness.isDown() ? 503 : 200);
        response.setContentType("application/json");
        response.getWriter().write(readiness.getPayload().toString());
    }
}
