package com.playtcha.jakarta.spi.servlet;

import com.playtcha.jakarta.spi.door.LoginProtocol;
import com.playtcha.jakarta.spi.web.Rejection;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * SPI: a {@link Rejection} written onto a servlet response by every guard that answers through the Servlet
 * API (the library's filter and login guard, the Jakarta Security module's interceptor, the Spring Boot
 * starter's login): the headers, then the JSON envelope, else {@code sendError} (the {@code <error-page>} renders it).
 */
public final class ServletRejection {

    /**
     * Request attribute, {@code Boolean.TRUE} once a guard wrote and committed a refusal that the container
     * must not answer again with an error page of its own ({@link #commit}).
     */
    public static final String COMMITTED = LoginProtocol.REFUSAL_COMMITTED;

    private ServletRejection() {
    }

    /** Commits what {@link #write} left buffered, and marks {@code request} so no container answers it again. */
    public static void commit(HttpServletRequest request, HttpServletResponse response) throws IOException {
        request.setAttribute(COMMITTED, Boolean.TRUE);
        response.flushBuffer();
    }

    /** Writes {@code rejection} onto {@code response}; a JSON answer is left buffered, not committed. */
    public static void write(HttpServletResponse response, Rejection rejection) throws IOException {
        rejection.headers().forEach(response::setHeader);
        if (rejection.json() == null) {
            response.sendError(rejection.status());
            return;
        }
        response.setStatus(rejection.status());
        response.setContentType(Rejection.JSON_TYPE);
        // No Content-Length of our own: writing that many bytes commits the response at once, before
        // the container can add "Connection: close" for a request body nobody read; the client would
        // then reuse a connection the server is closing. Left buffered, the container sets both.
        response.getOutputStream().write(rejection.json().getBytes(StandardCharsets.UTF_8));
    }
}
