package com.playtcha.jakarta.tomcat;

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
import java.util.function.Consumer;

/**
 * Stands in for the library's login guard, speaking the same protocol: a {@link Filter} in the
 * servlet-context attribute that calls the chain when the post may go on and answers it otherwise.
 * What it does is chosen per request by the header {@value #HEADER}:
 * <ul>
 *   <li>absent or {@code go}: continue;</li>
 *   <li>{@code read-then-go}: read the token parameter first (as the real guard does), then continue;</li>
 *   <li>{@code refuse}: answer 403 with a body of its own;</li>
 *   <li>{@code forward}: status 403 and a forward to the form-error page the valve passed on;</li>
 *   <li>{@code throw}: fail with a ServletException.</li>
 * </ul>
 * When it lets a post go on it asks for the outcome, as the library's guard does: a recording
 * {@code Consumer<Boolean>} in the request attribute {@link PlaytchaLoginValve#LOGIN_OUTCOME}.
 * It records what it was handed and what it was told, for the tests to look at.
 */
final class StubGuard implements Filter {

    static final String HEADER = "X-Stub-Guard";
    static final String REFUSAL = "refused by the stub guard";

    /** One call: what the guard saw. */
    record Call(String uri, Object request, Object response, Object errorPage, boolean applicationClassLoader) {
    }

    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final List<Boolean> outcomes = new CopyOnWriteArrayList<>();

    List<Call> calls() {
        return List.copyOf(calls);
    }

    /** The outcomes the valve reported, in order. */
    List<Boolean> outcomes() {
        return List.copyOf(outcomes);
    }

    /**
     * The outcomes, once there are {@code count} of them (or after 10 seconds): the valve reports after
     * Tomcat's answer, which may reach the client first.
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

    private void goOn(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        request.setAttribute(LoginProtocol.OUTCOME, (Consumer<Boolean>) this::record);
        chain.doFilter(request, response);
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        calls.add(new Call(http.getRequestURI(), request, response,
                request.getAttribute(LoginProtocol.ERROR_PAGE),
                Thread.currentThread().getContextClassLoader() == request.getServletContext().getClassLoader()));
        String action = http.getHeader(HEADER);
        switch (action == null ? "go" : action) {
            case "go" -> goOn(request, response, chain);
            case "read-then-go" -> {
                request.getParameter("playtcha-token");
                goOn(request, response, chain);
            }
            case "refuse" -> {
                ((HttpServletResponse) response).setStatus(403);
                response.setContentType("text/plain;charset=UTF-8");
                response.getWriter().print(REFUSAL);
            }
            case "forward" -> {
                ((HttpServletResponse) response).setStatus(403);
                request.getRequestDispatcher((String) request.getAttribute(LoginProtocol.ERROR_PAGE))
                        .forward(request, response);
            }
            case "throw" -> throw new ServletException("the stub guard fails");
            default -> throw new IllegalArgumentException(action);
        }
    }
}
