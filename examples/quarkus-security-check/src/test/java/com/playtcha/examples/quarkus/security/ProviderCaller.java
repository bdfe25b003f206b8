package com.playtcha.examples.quarkus.security;

import io.quarkus.elytron.security.runtime.ElytronPasswordIdentityProvider;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

/** Holds identity providers by their classes, to call them around the guard. */
@ApplicationScoped
public class ProviderCaller {

    @Inject
    ElytronPasswordIdentityProvider elytron;

    final Instance<ApiKeyProvider> keys;

    @Inject
    public ProviderCaller(Instance<ApiKeyProvider> keys) {
        this.keys = keys;
    }
}
