package com.playtcha.examples.quarkus.security;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Checks {@link BranchLoginRequest}s, which never reach the guard, a provider of the base class. */
@ApplicationScoped
public class BranchLoginProvider implements IdentityProvider<BranchLoginRequest> {

    @Override
    public Class<BranchLoginRequest> getRequestType() {
        return BranchLoginRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(BranchLoginRequest request, AuthenticationRequestContext context) {
        return Uni.createFrom().nullItem();
    }
}
