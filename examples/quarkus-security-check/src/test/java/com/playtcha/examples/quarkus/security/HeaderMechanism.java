package com.playtcha.examples.quarkus.security;

import io.quarkus.security.credential.PasswordCredential;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * An application's mechanism: a {@code X-Login: user:password} header, handed to the manager as a
 * {@code UsernamePasswordAuthenticationRequest}, so the guard decides it. From the outside it looks like one that
 * would check the password itself: only the application can say which it is.
 */
@ApplicationScoped
public class HeaderMechanism implements HttpAuthenticationMechanism {

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager manager) {
        String login = context.request().getHeader("X-Login");
        int colon = login == null ? -1 : login.indexOf(':');
        if (colon < 0) {
            return Uni.createFrom().nullItem();
        }
        UsernamePasswordAuthenticationRequest request = new UsernamePasswordAuthenticationRequest(login.substring(0, colon),
                new PasswordCredential(login.substring(colon + 1).toCharArray()));
        // as Quarkus's own mechanisms do: the guard reads the token and answers on this request, not as one outside requests
        HttpSecurityUtils.setRoutingContextAttribute(request, context);
        return manager.authenticate(request);
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, null, null));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(UsernamePasswordAuthenticationRequest.class);
    }
}
