package com.playtcha.examples.webxml;

import com.playtcha.jakarta.testing.Fault;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The demo's control panel, at {@code /demo/}: the page, and the two things the real Playtcha
 * would do that a person cannot do by hand. {@code POST /demo/mint?kind=valid|expired|used|garbage}
 * plays the widget (it asks the simulator for a token), and {@code POST /demo/state?name=...} puts
 * the simulator in a state. Demo only: it lives in the test sources and is never in the WAR.
 */
final class DemoControlServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** Past the 2 s budget in web.xml, so "slow" shows a timeout. */
    static final Duration SLOW = Duration.ofSeconds(3);

    private final transient PlaytchaSimulator playtcha;
    private final transient Map<String, Consumer<PlaytchaSimulator>> states = Map.of(
            "normal", sim -> { },
            "outage", sim -> sim.inject(Fault.serverError(500, "db_error")),
            "slow", sim -> sim.inject(Fault.delay(SLOW)),
            "rate-limited", sim -> sim.inject(Fault.serverError(429, "rate_limited_ip").withHeader("Retry-After", "30")),
            "degraded", sim -> sim.degradedAfter(0));
    private volatile String state = "normal";

    DemoControlServlet(PlaytchaSimulator playtcha) {
        this.playtcha = playtcha;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo();
        if (path == null) {
            response.sendRedirect(request.getContextPath() + "/demo/");
        } else if ("/".equals(path)) {
            response.setContentType("text/html");
            response.setCharacterEncoding("UTF-8");
            response.setHeader("Cache-Control", "no-store");
            try (InputStream page = DemoControlServlet.class.getResourceAsStream("demo.html")) {
                page.transferTo(response.getOutputStream());
            }
        } else if ("/state".equals(path)) {
            text(response, state);
        } else {
            response.sendError(404);
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = String.valueOf(request.getPathInfo());
        if ("/mint".equals(path)) {
            String token = switch (String.valueOf(request.getParameter("kind"))) {
                case "valid" -> playtcha.mintToken();
                case "expired" -> playtcha.mintExpiredToken();
                case "used" -> playtcha.mintRedeemedToken();
                case "garbage" -> "ptk_not-a-token-" + Long.toHexString(System.nanoTime());
                default -> null;
            };
            if (token == null) {
                response.sendError(400, "kind: valid, expired, used or garbage");
            } else {
                text(response, token);
            }
        } else if ("/state".equals(path)) {
            String name = request.getParameter("name");
            Consumer<PlaytchaSimulator> apply = states.get(String.valueOf(name));
            if (apply == null) {
                response.sendError(400, "name: " + states.keySet());
                return;
            }
            synchronized (this) {
                playtcha.clearFaults();
                playtcha.degradedAfter(-1);
                apply.accept(playtcha);
                state = name;
            }
            System.out.println("Demo: Playtcha simulator is now " + name);
            text(response, name);
        } else {
            response.sendError(404);
        }
    }

    private static void text(HttpServletResponse response, String text) throws IOException {
        response.setContentType("text/plain");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(text);
    }
}
