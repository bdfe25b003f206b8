package com.playtcha.examples.quarkus.security;

import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;

/** An identity provider made by a producer of the application's: its code holds what it made (issue 93). */
@ApplicationScoped
public class ProducedUsers {

    @Produces
    @Named("users")
    @ApplicationScoped
    IdentityProvider<UsernamePasswordAuthenticationRequest> users() {
        return new PlainUsers();
    }
}
