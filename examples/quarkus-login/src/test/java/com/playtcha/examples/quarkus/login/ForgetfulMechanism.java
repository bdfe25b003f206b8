package com.playtcha.examples.quarkus.login;

import io.quarkus.security.credential.PasswordCredential;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * A mechanism of the tests' own, acknowledged in {@code playtcha.quarkus.own-mechanisms} (application.properties): an
 * {@code X-Forgetful-Login: user:password} header handed to the manager WITHOUT the routing context, as a mechanism
 * that forgot {@code HttpSecurityUtils.setRoutingContextAttribute} does. Asked on the request's event loop, before the
 * route; it sends no challenge of its own, so Basic's and the form's stay as they are.
 */
@ApplicationScoped
public class ForgetfulMechanism implements HttpAuthenticationMechanism {

    static final String HEADER = "X-Forgetful-Login";

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager manager) {
        String login = context.request().getHeader(HEADER);
        int colon = login == null ? -1 : login.indexOf(':');
        if (colon < 0) {
            return Uni.createFrom().nullItem();
        }
        return manager.authenticate(new UsernamePasswordAuthenticationRequest(login.substring(0, colon),
                new PasswordCredential(login.substring(colon + 1).toCharArray())));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().nullItem();
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(UsernamePasswordAuthenticationRequest.class);
    }

    @Override
    public int getPriority() {
        return 500; // after Basic and the form (1000 and more): their challenges are the ones sent
    }
}
