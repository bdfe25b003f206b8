package com.playtcha.jakarta.spi.web;

import java.io.IOException;

/**
 * SPI: a guarded request as a web filter or login door hands it to {@link WebGuard} and {@link WebLogin},
 * over its own request type: implemented by the library's servlet filter, the Jakarta REST module's filter
 * and, through {@code ServletRequestView}, by the login doors of the Jakarta Security module and the Spring
 * Boot starter.
 */
public interface GuardedRequest {

    /** The request attribute (or property) {@code name}, or {@code null}. */
    Object attribute(String name);

    /** Sets the attribute {@code name}, or removes it when {@code value} is {@code null}. */
    void attribute(String name, Object value);

    /**
     * Every value of the header {@code name}, in order, joined with {@code ","} as one list (which is
     * what several lines of a list header mean), or {@code null} when the request has none.
     */
    String header(String name);

    /**
     * The request URI's path as the client wrote it: not decoded, without the query string, with any
     * path parameters ({@code ;jsessionid=...}); {@link WebGuard#path(String)} removes those.
     */
    String rawPath();

    /** The client's address as the container saw it, or {@code null} where the runtime does not say. */
    String clientAddress();

    /**
     * The token the request carries, or {@code null}. Asked at most once per decision, and only when
     * the request is verified (not when an earlier result is reused): finding it may read the body.
     */
    String token() throws IOException;
}
