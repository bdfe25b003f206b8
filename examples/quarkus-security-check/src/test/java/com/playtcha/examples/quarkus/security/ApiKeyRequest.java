package com.playtcha.examples.quarkus.security;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** An application's request with an API key and no password; the guard cannot tell that by looking. */
public class ApiKeyRequest extends BaseAuthenticationRequest {

    private final String key;

    public ApiKeyRequest(String key) {
        this.key = key;
    }

    public String getKey() {
        return key;
    }
}
