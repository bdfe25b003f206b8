package com.playtcha.examples.quarkus.security;

import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Set;

/**
 * A mechanism of the application's made by a producer ({@link Producer}), which declares only the interface: the guard
 * names it by the class it made, {@code KeyMechanism}, not by the producer's class, and that name acknowledges it.
 */
public class KeyMechanism extends SilentMechanism {

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(ApiKeyRequest.class);
    }

    /** Makes the mechanism. */
    @ApplicationScoped
    public static class Producer {

        @Produces
        @Singleton
        HttpAuthenticationMechanism keys() {
            return new KeyMechanism();
        }
    }
}
