package com.playtcha.jakarta.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The application's identity store: every account's password is {@code secret} (so an unknown name is
 * checked as a known one is); it reads a {@code UsernamePasswordCredential} and the application's own
 * {@link CodeCredential} / {@link CodeLogin} (code {@code 123456}). It counts the passwords it
 * was asked to check: a refused login must never reach it.
 */
@ApplicationScoped
public class CountingStore implements IdentityStore {

    static final AtomicInteger VALIDATIONS = new AtomicInteger();

    @Override
    public CredentialValidationResult validate(Credential credential) {
        VALIDATIONS.incrementAndGet();
        String user;
        boolean right;
        if (credential instanceof UsernamePasswordCredential password) {
            user = password.getCaller();
            right = password.compareTo(user, "secret");
        } else if (credential instanceof CodeCredential code) {
            user = code.user();
            right = "secret".equals(code.password()) && "123456".equals(code.code());
        } else if (credential instanceof CodeLogin code) {
            user = code.user();
            right = code.password().compareTo("secret") && "123456".equals(code.code());
        } else {
            return CredentialValidationResult.NOT_VALIDATED_RESULT;
        }
        return right ? new CredentialValidationResult(user, Set.of("user")) : CredentialValidationResult.INVALID_RESULT;
    }
}
