package com.playtcha.jakarta.benchmarks.micro;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A request for microbenchmarks: the few methods the filter (and the Spring starter's login guard,
 * {@code SpringLoginBenchmark}) calls, answered from fields, with no container behind them. Any other method
 * fails loudly (it reaches a proxy that throws), so a benchmark cannot silently measure a path it was not
 * meant to.
 */
public final class StubRequest extends HttpServletRequestWrapper {

    private final String method;
    private final String contentType;
    private final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final Map<String, String> parameters = new HashMap<>();
    private final Map<String, Object> attributes = new HashMap<>();
    private String remoteAddr = "192.0.2.1";

    public StubRequest(String method, String contentType) {
        super(unsupported(HttpServletRequest.class));
        this.method = method;
        this.contentType = contentType;
    }

    /** The request from {@code address}: the next attempt's client. */
    public StubRequest from(String address) {
        remoteAddr = address;
        return this;
    }

    /** Its attributes forgotten, as the next request's would be. */
    public void forget() {
        attributes.clear();
    }

    StubRequest header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    StubRequest parameter(String name, String value) {
        parameters.put(name, value);
        return this;
    }

    /** An object of {@code type} whose every method throws: the part of the API no stub answers. */
    public static <T> T unsupported(Class<T> type) {
        return type.cast(Proxy.newProxyInstance(StubRequest.class.getClassLoader(), new Class<?>[] {type},
                (proxy, called, args) -> {
                    if (called.getName().equals("toString")) {
                        return "unsupported " + type.getSimpleName();
                    }
                    throw new UnsupportedOperationException(type.getSimpleName() + "." + called.getName() + " in a benchmark stub");
                }));
    }

    @Override
    public String getMethod() {
        return method;
    }

    @Override
    public DispatcherType getDispatcherType() {
        return DispatcherType.REQUEST;
    }

    @Override
    public String getContentType() {
        return contentType;
    }

    /** None named: the filter reads a form in the container's default, as for most browsers' posts. */
    @Override
    public String getCharacterEncoding() {
        return null;
    }

    @Override
    public String getHeader(String name) {
        return headers.get(name);
    }

    /** Every value of {@code name}: the one set, or none (the login guard reads a list header this way). */
    @Override
    public Enumeration<String> getHeaders(String name) {
        String value = headers.get(name);
        return Collections.enumeration(value == null ? List.of() : List.of(value));
    }

    @Override
    public String getParameter(String name) {
        return parameters.get(name);
    }

    @Override
    public Object getAttribute(String name) {
        return attributes.get(name);
    }

    @Override
    public void setAttribute(String name, Object value) {
        attributes.put(name, value);
    }

    @Override
    public void removeAttribute(String name) {
        attributes.remove(name);
    }

    @Override
    public String getRequestURI() {
        return "/signup";
    }

    @Override
    public String getRemoteAddr() {
        return remoteAddr;
    }
}
