package com.playtcha.examples.quarkus.login;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An identity provider of the tests' own, asked before the properties-file store (priority 1500, above Quarkus's
 * 1001) and answering nothing, so the store judges next: what it saw is each check that reached the application's
 * providers, that is each password judged, with the thread it was asked on.
 */
@ApplicationScoped
public class JudgedChecks implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

    /** A check that reached the providers: its account and whether it was asked on a Vert.x event loop. */
    public record Judged(String account, boolean eventLoop, String thread) {
    }

    private final List<Judged> judged = new CopyOnWriteArrayList<>();

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
        judged.add(new Judged(request.getUsername(), Context.isOnEventLoopThread(), Thread.currentThread().getName()));
        return Uni.createFrom().nullItem();
    }

    /** How many checks of {@code account} reached the providers. */
    public long of(String account) {
        return judged.stream().filter(j -> j.account().equals(account)).count();
    }

    public List<Judged> all() {
        return List.copyOf(judged);
    }
}
