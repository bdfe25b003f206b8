package com.playtcha.jakarta.it.app.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Qualifier;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Set;

/**
 * An identity store made by a producer method, which CDI does not decorate: {@code alice} / {@code secret},
 * counted with {@link CountingIdentityStore}'s checks. Qualified {@link Made}, so only
 * {@link ElsewhereCheckMechanism} asks it; the store itself is no bean (its constructor takes an argument).
 */
@ApplicationScoped
public class ProducedStore {

    /** The store this class produces. */
    @Qualifier
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.METHOD, ElementType.FIELD, ElementType.PARAMETER, ElementType.TYPE})
    public @interface Made {
    }

    @Produces
    @Made
    @ApplicationScoped
    IdentityStore store() {
        return new Store("secret");
    }

    public static final class Store implements IdentityStore {
        private final String password;

        Store(String password) {
            this.password = password;
        }

        @Override
        public CredentialValidationResult validate(Credential credential) {
            CountingIdentityStore.VALIDATIONS.incrementAndGet();
            if (credential instanceof UsernamePasswordCredential login && login.getCaller().equals("alice")
                    && login.compareTo("alice", password)) {
                return new CredentialValidationResult("alice", Set.of("user"));
            }
            return CredentialValidationResult.INVALID_RESULT;
        }
    }
}
