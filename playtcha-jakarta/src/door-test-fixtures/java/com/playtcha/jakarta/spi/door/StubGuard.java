package com.playtcha.jakarta.spi.door;

import com.playtcha.jakarta.core.TestSettings;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Stands in for the library's login guard in a door's tests, speaking the protocol as the real guard does
 * ({@link LoginProtocol}): a {@link Filter} that calls its chain when the post may go on, and otherwise
 * answers it, or describes the refusal when the door asks for {@link LoginProtocol#DESCRIBE}. It reads the
 * token parameter first, as the real guard does. What it does is chosen per request by the header
 * {@value #HEADER}:
 * <ul>
 *   <li>absent or {@code go}: asks for the outcome with a recording {@code Consumer<Boolean>} in
 *       {@link LoginProtocol#OUTCOME}, and continues;</li>
 *   <li>{@code refuse}: refuses with {@link #REFUSAL} as JSON;</li>
 *   <li>{@code forward}: refuses on the form-error page the door passed on, forwarded to;</li>
 *   <li>{@code bare}: refuses with the status alone ({@code sendError});</li>
 *   <li>{@code silent}: stops the post, writing and describing nothing;</li>
 *   <li>{@code throw}: fails with a {@link ServletException}.</li>
 * </ul>
 * A refusal has the status of the header {@value #STATUS} (403 without it), {@code Retry-After: 7} with 429
 * and 503, the real guard's attributes, and is described instead when the door asks. The guard records what
 * it was handed ({@link Call}) and what it was told, for the tests to look at.
 */
public final class StubGuard implements Filter {

    /** Request header choosing what the guard does with the post. */
    public static final String HEADER = "X-Stub-Guard";
    /** Request header: the status of a refusal. */
    public static final String STATUS = "X-Stub-Status";
    /** The body of the guard's refusal, a JSON envelope as the real guard's. */
    public static final String REFUSAL = "{\"error\":{\"code\":\"missing_token\",\"message\":\"refused by the stub guard\"}}";

    /** One call: what the guard saw. */
    public record Call(String method, String uri, String token, Object errorPage, boolean describe,
            boolean applicationClassLoader, ServletRequest request, ServletResponse response) {
    }

    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final List<Boolean> outcomes = new ArrayList<>();
    private volatile boolean committed;

    /** The calls so far, in order. */
    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /** Whether the response was committed when the guard returned from its last call. */
    public boolean committedAfterLastCall() {
        return committed;
    }

    /** The outcomes the door reported so far, in order. */
    public List<Boolean> outcomes() {
        synchronized (outcomes) {
            return List.copyOf(outcomes);
        }
    }

    /**
     * The outcomes, once there are {@code count} of them (or after {@link TestSettings#SLACK}): a door reports
     * after its container answered, and the answer may reach the client first.
     */
    public List<Boolean> outcomes(int count) throws InterruptedException {
        long end = System.nanoTime() + TestSettings.SLACK.toNanos();
        synchronized (outcomes) {
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
        boolean describe = Boolean.TRUE.equals(request.getAttribute(LoginProtocol.DESCRIBE));
        Object errorPage = request.getAttribute(LoginProtocol.ERROR_PAGE);
        calls.add(new Call(http.getMethod(), http.getRequestURI(), request.getParameter("playtcha-token"), errorPage, describe,
                Thread.currentThread().getContextClassLoader() == request.getServletContext().getClassLoader(), request, response));
        String action = http.getHeader(HEADER);
        switch (action == null ? "go" : action) {
            case "go" -> {
                request.setAttribute("com.playtcha.outcome", "verified");
                request.setAttribute(LoginProtocol.OUTCOME, (Consumer<Boolean>) this::record);
                chain.doFilter(request, response);
            }
            case "refuse", "forward", "bare" -> refuse(http, (HttpServletResponse) response, describe, action,
                    (String) errorPage);
            case "silent" -> { }
            case "throw" -> throw new ServletException("the stub guard fails");
            default -> throw new IllegalArgumentException(action);
        }
        committed = response.isCommitted();
    }

    /**
     * A refusal: {@link #REFUSAL} as JSON, {@code page} forwarded to, or the status alone, as {@code how} says;
     * described instead when the door asks.
     */
    private static void refuse(HttpServletRequest request, HttpServletResponse response, boolean describe, String how,
            String page) throws IOException, ServletException {
        int status = request.getHeader(STATUS) == null ? 403 : Integer.parseInt(request.getHeader(STATUS));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(LoginProtocol.TOKEN_SPENT_HEADER, "false");
        headers.put("Cache-Control", "no-store");
        if (status == 429 || status == 503) {
            headers.put("Retry-After", "7");
        }
        request.setAttribute("com.playtcha.outcome", "rejected");
        request.setAttribute("com.playtcha.error-code", "missing_token");
        request.setAttribute("com.playtcha.token-spent", Boolean.FALSE);
        if (describe) {
            request.setAttribute(LoginProtocol.REFUSAL_STATUS, status);
            request.setAttribute(LoginProtocol.REFUSAL_HEADERS, headers);
            if (!how.equals("bare")) {
                request.setAttribute(how.equals("refuse") ? LoginProtocol.REFUSAL_JSON : LoginProtocol.REFUSAL_PAGE,
                        how.equals("refuse") ? REFUSAL : page);
            }
            return;
        }
        headers.forEach(response::setHeader);
        if (how.equals("bare")) {
            response.sendError(status);
        } else if (how.equals("forward")) {
            response.setStatus(status);
            request.getRequestDispatcher(page).forward(request, response);
        } else {
            response.setStatus(status);
            response.setContentType("application/json;charset=UTF-8");
            response.getWriter().print(REFUSAL);
        }
    }
}
