package com.playtcha.jakarta.benchmarks;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.smallrye.mutiny.Uni;
import java.util.Map;

/**
 * The Quarkus login benchmark's identity provider, an application's: plain-text passwords in a map (the hash's cost left
 * out, as Spring's {@code {noop}}), each right one answered with the identity made for it at set-up. A class of the
 * benchmarks' package, not the guard's, so that the guard takes it for the application's, as it would a user's.
 */
public final class MapUsers implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

    private final Map<String, String> passwords;
    private final Map<String, SecurityIdentity> identities;

    public MapUsers(Map<String, String> passwords, Map<String, SecurityIdentity> identities) {
        this.passwords = passwords;
        this.identities = identities;
    }

    @Override
    public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
        return UsernamePasswordAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(UsernamePasswordAuthenticationRequest request, AuthenticationRequestContext context) {
        return context.runBlocking(() -> {
            String known = passwords.get(request.getUsername());
            if (known == null || !known.contentEquals(new String(request.getPassword().getPassword()))) {
                throw new AuthenticationFailedException();
            }
            return identities.get(request.getUsername());
        });
    }
}
