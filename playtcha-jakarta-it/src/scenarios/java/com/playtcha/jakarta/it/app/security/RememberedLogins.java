package com.playtcha.jakarta.it.app.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.CallerPrincipal;
import jakarta.security.enterprise.credential.RememberMeCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.RememberMeIdentityStore;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** The remember-me logins of {@link OutsidePathsMechanism}, in memory: a token per login, its caller and groups. */
@ApplicationScoped
public class RememberedLogins implements RememberMeIdentityStore {

    private final Map<String, CredentialValidationResult> logins = new ConcurrentHashMap<>();

    @Override
    public CredentialValidationResult validate(RememberMeCredential credential) {
        return logins.getOrDefault(credential.getToken(), CredentialValidationResult.INVALID_RESULT);
    }

    @Override
    public String generateLoginToken(CallerPrincipal caller, Set<String> groups) {
        String token = UUID.randomUUID().toString();
        logins.put(token, new CredentialValidationResult(caller, groups));
        return token;
    }

    @Override
    public void removeLoginToken(String token) {
        logins.remove(token);
    }
}
