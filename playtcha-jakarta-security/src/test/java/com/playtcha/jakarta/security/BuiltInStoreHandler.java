package com.playtcha.jakarta.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A runtime's identity store handler that CDI decorates (Soteria's, with its Weld decorator), over a store
 * that is no bean of the application (as a built-in {@code @DatabaseIdentityStoreDefinition} is): only the
 * handler's decorator sees its checks. Every password is {@code secret}; it counts the checks it made.
 */
@ApplicationScoped
public class BuiltInStoreHandler implements IdentityStoreHandler {

    static final AtomicInteger VALIDATIONS = new AtomicInteger();

    @Override
    public CredentialValidationResult validate(Credential credential) {
        VALIDATIONS.incrementAndGet();
        return credential instanceof UsernamePasswordCredential password && password.compareTo(password.getCaller(), "secret")
                ? new CredentialValidationResult(password.getCaller(), Set.of()) : CredentialValidationResult.INVALID_RESULT;
    }
}
