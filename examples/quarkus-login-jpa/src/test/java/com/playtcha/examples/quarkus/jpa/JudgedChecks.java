package com.playtcha.examples.quarkus.jpa;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * An identity provider of the tests' own, asked before quarkus-security-jpa-reactive's (priority 1500, above Quarkus's
 * 1001) and answering nothing, so that provider judges next: what it saw is each check that reached the application's
 * providers, that is each password judged, with the thread it was asked on, kept in {@link JudgedLog}.
 */
@ApplicationScoped
public class JudgedChecks implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

    private final JudgedLog log;

    @Inject
    public JudgedChecks(JudgedLog log) {
        this.log = log;
    }

    @Override
    public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
        return UsernamePasswordAuthenticationRequest.class;
    }

    @Override
    public int priority() {
        return 1500;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(UsernamePasswordAuthenticationRequest request, AuthenticationRequestContext context) {
        log.add(new JudgedLog.Judged(request.getUsername(), Context.isOnEventLoopThread(), Thread.currentThread().getName()));
        return Uni.createFrom().nullItem();
    }
}
