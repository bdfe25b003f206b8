package com.playtcha.jakarta.spi.web;

import java.util.HashMap;
import java.util.Map;

/**
 * A JSON client's login post to {@code /j_security_check} as a door hands it to {@link WebLogin}: from
 * {@code client}, carrying {@code token} ({@code null}: none), its request attributes in {@link #attributes}.
 * The login policy's tests in core and in the cluster module share it.
 */
public final class LoginPostRequest implements GuardedRequest {
    /** The request's attributes, as the policy and the guard left them. */
    public final Map<String, Object> attributes = new HashMap<>();
    private final String client;
    private final String token;

    public LoginPostRequest(String client, String token) {
        this.client = client;
        this.token = token;
    }

    @Override
    public Object attribute(String name) {
        return attributes.get(name);
    }

    @Override
    public void attribute(String name, Object value) {
        if (value == null) {
            attributes.remove(name);
        } else {
            attributes.put(name, value);
        }
    }

    @Override
    public String header(String name) {
        return "Accept".equals(name) ? "application/json" : null;
    }

    @Override
    public String rawPath() {
        return "/j_security_check";
    }

    @Override
    public String clientAddress() {
        return client;
    }

    @Override
    public String token() {
        return token;
    }
}
