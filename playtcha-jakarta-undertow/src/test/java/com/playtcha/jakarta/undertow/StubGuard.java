package com.playtcha.jakarta.undertow;

import com.playtcha.jakarta.spi.door.LoginProtocol;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for the library's login guard, speaking the login protocol: it reads the posted form
 * (as the real guard reads the token), notes what the door handed it, then either calls its chain
 * ("go on", with a recording consumer in the outcome attribute, as the guard asks for the outcome),
 * answers 403 itself, or fails.
 */
final class StubGuard implements Filter {

    enum Verdict { GO_ON, REFUSE, FAIL }

    /** What the guard saw of one login post. */
    record Seen(String method, String requestUri, String token, Object errorPage) { }

    private final Verdict verdict;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final List<Boolean> outcomes = new CopyOnWriteArrayList<>();

    StubGuard(Verdict verdict) {
        this.verdict = verdict;
    }

    List<Seen> seen() {
        return seen;
    }

    /** What the door reported of the posts the guard let go on, in order. */
    List<Boolean> outcomes() {
        return List.copyOf(outcomes);
    }

    /**
     * The outcomes, once there are {@code count} of them (or after 10 seconds): the door reports once
     * Undertow's handlers returned, and their answer may reach the client first.
     */
    List<Boolean> outcomes(int count) throws InterruptedException {
        synchronized (outcomes) {
            long end = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            while (outcomes.size() < count && System.nanoTime() < end) {
                outcomes.wait(100);
            }
            return List.copyOf(outcomes);
        }
    }

    private void record(Boolean outcome) {
        synchronized (outcomes) {
            outcomes.add(outcome);
            outcomes.notifyAll();
        }
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        seen.add(new Seen(http.getMethod(), http.getRequestURI(), request.getParameter("playtcha-token"),
                request.getAttribute(LoginProtocol.ERROR_PAGE)));
        switch (verdict) {
            case GO_ON -> {
                request.setAttribute(LoginProtocol.OUTCOME, (java.util.function.Consumer<Boolean>) this::record);
                chain.doFilter(request, response);
            }
            case REFUSE -> {
                ((HttpServletResponse) response).setStatus(403);
                response.setContentType("text/plain");
                response.getWriter().write("refused by the guard");
            }
            case FAIL -> throw new ServletException("the guard failed");
        }
    }
}
