package com.playtcha.examples.quarkus.login;

import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * The API's users, whose passwords the application compares itself with {@code BcryptUtil}: written as an identity
 * provider, so that the login guard decides each check before the comparison (docs/quarkus.md, "A login of your
 * own"). Asked before the properties-file store (priority 1100, above Quarkus's 1001); a name it does not know goes
 * on to that store.
 */
@ApplicationScoped
public class ApiUsers implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

    private final Map<String, String> hashes = Map.of("carol", BcryptUtil.bcryptHash("tr0ub4dor&3"));

    @Override
    public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
        return UsernamePasswordAuthenticationRequest.class;
    }

    @Override
    public int priority() {
        return 1100;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(UsernamePasswordAuthenticationRequest request, AuthenticationRequestContext context) {
        String hash = hashes.get(request.getUsername());
        if (hash == null) {
            return Uni.createFrom().nullItem();
        }
        return context.runBlocking(() -> {
            if (!BcryptUtil.matches(new String(request.getPassword().getPassword()), hash)) {
                throw new AuthenticationFailedException();
            }
            return QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal(request.getUsername())).addRole("api").build();
        });
    }
}
