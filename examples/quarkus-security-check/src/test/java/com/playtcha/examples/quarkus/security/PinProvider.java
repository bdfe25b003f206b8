package com.playtcha.examples.quarkus.security;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Checks {@link PinRequest}s: passwords the guard never sees. */
@ApplicationScoped
public class PinProvider implements IdentityProvider<PinRequest> {

    @Override
    public Class<PinRequest> getRequestType() {
        return PinRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(PinRequest request, AuthenticationRequestContext context) {
        return Uni.createFrom().nullItem();
    }
}
