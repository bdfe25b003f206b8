package com.playtcha.examples.quarkus.security;

import io.quarkus.security.credential.PasswordCredential;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Checks a password the way that reaches the guard: through the {@code IdentityProviderManager}. */
@ApplicationScoped
public class ManagerCaller {

    @Inject
    IdentityProviderManager manager;

    SecurityIdentity login(String user, String password) {
        return manager.authenticateBlocking(
                new UsernamePasswordAuthenticationRequest(user, new PasswordCredential(password.toCharArray())));
    }
}
