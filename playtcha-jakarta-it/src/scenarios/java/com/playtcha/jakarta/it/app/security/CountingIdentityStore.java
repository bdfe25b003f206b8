package com.playtcha.jakarta.it.app.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The application's identity store, which every Jakarta Security mechanism (built in or the
 * application's own) asks to check a password: {@code alice} / {@code secret}, group {@code user}.
 * It counts the passwords it was asked to check, so a test can see that a refused login never
 * reached it ({@link StoreCountServlet}).
 */
@ApplicationScoped
public class CountingIdentityStore implements IdentityStore {

    static final AtomicInteger VALIDATIONS = new AtomicInteger();

    @Override
    public CredentialValidationResult validate(Credential credential) {
        VALIDATIONS.incrementAndGet();
        if (credential instanceof UsernamePasswordCredential login && login.getCaller().equals("alice")
                && login.compareTo("alice", "secret")) {
            return new CredentialValidationResult("alice", Set.of("user"));
        }
        return CredentialValidationResult.INVALID_RESULT;
    }
}
