package com.playtcha.examples.loginsecurity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.util.Set;

/**
 * The example's one member, {@code alice}, whose password is the system property
 * {@code example.alice-password} (or the environment variable {@code EXAMPLE_ALICE_PASSWORD}); with
 * neither set nobody can log in. A real application uses its database here
 * ({@code @DatabaseIdentityStoreDefinition}) or its directory ({@code @LdapIdentityStoreDefinition}):
 * the guard does not care which store checks the password, since a refused login reaches none.
 */
@ApplicationScoped
public class MemberStore implements IdentityStore {

    @Override
    public CredentialValidationResult validate(Credential credential) {
        String password = System.getProperty("example.alice-password", System.getenv("EXAMPLE_ALICE_PASSWORD"));
        if (password != null && !password.isEmpty() && credential instanceof UsernamePasswordCredential login
                && login.compareTo("alice", password)) {
            return new CredentialValidationResult("alice", Set.of("member"));
        }
        return CredentialValidationResult.INVALID_RESULT;
    }
}
