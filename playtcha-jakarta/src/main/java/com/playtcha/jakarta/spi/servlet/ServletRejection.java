package com.playtcha.jakarta.spi.servlet;

import com.playtcha.jakarta.spi.web.Rejection;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * SPI: a {@link Rejection} written onto a servlet response by every guard that answers through the Servlet
 * API (the library's filter and login guard, the Jakarta Security module's interceptor, the Spring Boot
 * starter's login): the headers, then the JSON envelope, else {@code sendError} (the {@code <error-page>} renders it).
 */
public final class ServletRejection {

    private ServletRejection() {
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
