package com.playtcha.jakarta.spi.servlet;

import com.playtcha.jakarta.spi.login.LoginAccount;
import com.playtcha.jakarta.spi.web.GuardedRequest;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * SPI: an {@code HttpServletRequest} as the web guard reads it: its headers, path and client address, and
 * the attributes the decision is published on. The servlet filter extends it, and so do the login doors
 * of other jars (the Jakarta Security module's, the Spring Boot starter's); each finds the token its own
 * way ({@link #token()}).
 */
public abstract class ServletRequestView implements GuardedRequest {

    /** The request as it arrived. */
    protected final HttpServletRequest request;

    protected ServletRequestView(HttpServletRequest request) {
        this.request = request;
    }

    /** The request whose attributes the decision goes on: the one the guard hands on. */
    protected HttpServletRequest attributes() {
        return request;
    }

    @Override
    public Object attribute(String name) {
        return attributes().getAttribute(name);
    }

    @Override
    public void attribute(String name, Object value) {
        if (value == null) {
            attributes().removeAttribute(name);
        } else {
            attributes().setAttribute(name, value);
        }
    }

    /**
     * The account name in the request parameter {@code name} when it is surely the one the realm checks
     * (its one value, query or urlencoded body); {@link LoginAccount.Unnamed#NONE} when it has none; else
     * (several values, a multipart body, a request the container cannot parse)
     * {@link LoginAccount.Unnamed#UNREADABLE}. See design/web.md.
     */
    public static LoginAccount account(HttpServletRequest request, String name) {
        String type = request.getContentType();
        if (type != null && type.regionMatches(true, 0, "multipart/", 0, 10)) {
            return LoginAccount.Unnamed.UNREADABLE;
        }
        String[] values;
        try {
            values = request.getParameterValues(name);
        } catch (RuntimeException unreadable) { // a charset or an escape the container cannot read: it answers that itself
            return LoginAccount.Unnamed.UNREADABLE;
        }
        if (values == null || values.length == 0) {
            return LoginAccount.Unnamed.NONE;
        }
        return values.length > 1 ? LoginAccount.Unnamed.UNREADABLE : LoginAccount.named(values[0]);
    }

    @Override
    public String header(String name) {
        Enumeration<String> values = request.getHeaders(name);
        List<String> all = values == null ? List.of() : Collections.list(values);
        return all.isEmpty() ? null : String.join(",", all);
    }

    @Override
    public String rawPath() {
        return request.getRequestURI();
    }

    @Override
    public String clientAddress() {
        return request.getRemoteAddr();
    }
}
