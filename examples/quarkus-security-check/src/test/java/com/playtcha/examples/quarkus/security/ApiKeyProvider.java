package com.playtcha.examples.quarkus.security;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Checks {@link ApiKeyRequest}s. */
@ApplicationScoped
public class ApiKeyProvider implements IdentityProvider<ApiKeyRequest> {

    @Override
    public Class<ApiKeyRequest> getRequestType() {
        return ApiKeyRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(ApiKeyRequest request, AuthenticationRequestContext context) {
        return Uni.createFrom().nullItem();
    }
}
