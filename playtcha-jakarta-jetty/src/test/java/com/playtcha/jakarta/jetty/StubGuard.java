package com.playtcha.jakarta.jetty;

import com.playtcha.jakarta.spi.door.LoginProtocol;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A login guard speaking the protocol the library's LoginGuard speaks in describe mode: it goes on,
 * or refuses by setting the request attributes the door answers from, and never writes a response.
 * Going on, it asks for the outcome as the library's guard does (a recording {@code Consumer<Boolean>} in
 * {@link PlaytchaLoginHandler#OUTCOME}). It records what the door handed it and told it.
 */
final class StubGuard implements Filter {

    static final String ENVELOPE = "{\"error\":{\"code\":\"missing_token\",\"message\":\"No token\","
            + "\"request_id\":null,\"token_spent\":false}}";

    /** What the guard does with the next login posts. */
    enum Verdict { GO_ON, REFUSE, REFUSE_SILENTLY, FAIL }

    private final Verdict verdict;
    private final int status;
    private final boolean withoutPage;
    final AtomicInteger calls = new AtomicInteger();
    volatile Object describeSeen;
    volatile Object errorPageSeen;
    volatile String tokenSeen;
    volatile boolean committedAfterCall;
    private final List<Boolean> outcomes = new ArrayList<>();

    private StubGuard(Verdict verdict, int status, boolean withoutPage) {
        this.verdict = verdict;
        this.status = status;
        this.withoutPage = withoutPage;
    }

    static StubGuard goingOn() {
        return new StubGuard(Verdict.GO_ON, 0, false);
    }

    /** Refuses with this status: the envelope for a client that accepts JSON, else the error page. */
    static StubGuard refusing(int status) {
        return new StubGuard(Verdict.REFUSE, status, false);
    }

    /** Refuses with this status and no page (the application has no form-error page). */
    static StubGuard refusingWithoutPage(int status) {
        return new StubGuard(Verdict.REFUSE, status, true);
    }

    static StubGuard refusingWithoutDescribing() {
        return new StubGuard(Verdict.REFUSE_SILENTLY, 0, false);
    }

    static StubGuard failing() {
        return new StubGuard(Verdict.FAIL, 0, false);
    }

    /** The outcomes the door reported, in order. */
    List<Boolean> outcomes() {
        synchronized (outcomes) {
            return List.copyOf(outcomes);
        }
    }

    /**
     * The outcomes once there are {@code count} (or after 10 seconds): the door reports after Jetty's answer,
     * which may reach the client first.
     */
    List<Boolean> outcomes(int count) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
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
        calls.incrementAndGet();
        describeSeen = request.getAttribute(LoginProtocol.DESCRIBE);
        errorPageSeen = request.getAttribute(LoginProtocol.ERROR_PAGE);
        tokenSeen = request.getParameter("playtcha-token");
        switch (verdict) {
            case GO_ON -> {
                request.setAttribute("com.playtcha.outcome", "verified");
                request.setAttribute(LoginProtocol.OUTCOME, (Consumer<Boolean>) this::record);
                chain.doFilter(request, response);
            }
            case REFUSE -> describeRefusal(request);
            case REFUSE_SILENTLY -> { }
            case FAIL -> throw new ServletException("the guard failed");
        }
        committedAfterCall = response.isCommitted();
    }

    private void describeRefusal(ServletRequest request) {
        request.setAttribute("com.playtcha.outcome", "rejected");
        request.setAttribute("com.playtcha.error-code", "missing_token");
        request.setAttribute("com.playtcha.token-spent", Boolean.FALSE);
        request.setAttribute(LoginProtocol.REFUSAL_STATUS, status);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Playtcha-Token-Spent", "false");
        headers.put("Cache-Control", "no-store");
        if (status == 429 || status == 503) {
            headers.put("Retry-After", "7");
        }
        request.setAttribute(LoginProtocol.REFUSAL_HEADERS, headers);
        String accept = ((jakarta.servlet.http.HttpServletRequest) request).getHeader("Accept");
        if (accept != null && accept.contains("application/json")) {
            request.setAttribute(LoginProtocol.REFUSAL_JSON, ENVELOPE);
        } else if (!withoutPage && request.getAttribute(LoginProtocol.ERROR_PAGE) instanceof String page) {
            request.setAttribute(LoginProtocol.REFUSAL_PAGE, page);
        }
    }
}
