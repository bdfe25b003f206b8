package com.playtcha.examples.quarkus.security;

import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.vertx.http.security.HttpSecurity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Set;

/**
 * A mechanism of the application's that is no bean: handed to Quarkus's programmatic API ({@link Setup}), out of CDI's
 * sight. It checks nothing here; one like it could compare passwords itself, so the guard refuses it until acknowledged.
 */
public class ProgrammaticMechanism extends SilentMechanism {

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(UsernamePasswordAuthenticationRequest.class);
    }

    /** Hands the mechanism to {@code HttpSecurity} for one path of its own. */
    @ApplicationScoped
    public static class Setup {

        void secure(@Observes HttpSecurity security) {
            security.mechanism(new ProgrammaticMechanism());
        }
    }
}
