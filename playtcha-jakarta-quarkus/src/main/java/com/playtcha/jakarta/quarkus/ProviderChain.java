package com.playtcha.jakarta.quarkus;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.smallrye.mutiny.Uni;
import java.util.List;

/**
 * Identity providers of {@code UsernamePasswordAuthenticationRequest}, asked as Quarkus's {@code IdentityProviderManager}
 * asks them, in the order given ({@link ApplicationProviders#chain()}: the manager's): a {@code null} answer asks the
 * next, any failure ends the chain, and when none answers the check fails with an {@code AuthenticationFailedException}.
 * Written here because the manager offers no call that skips one provider: asking the manager again would ask the
 * guard again.
 */
final class ProviderChain {

    private final List<IdentityProvider<UsernamePasswordAuthenticationRequest>> providers;

    ProviderChain(List<IdentityProvider<UsernamePasswordAuthenticationRequest>> providers) {
        this.providers = List.copyOf(providers);
    }

    /** The first identity a provider answers, asked in order; the first failure; or a failed login when none answers. */
    Uni<SecurityIdentity> authenticate(UsernamePasswordAuthenticationRequest request, AuthenticationRequestContext context) {
        return ask(providers, 0, request, context);
    }

    private static Uni<SecurityIdentity> ask(List<IdentityProvider<UsernamePasswordAuthenticationRequest>> providers, int next,
            UsernamePasswordAuthenticationRequest request, AuthenticationRequestContext context) {
        if (next == providers.size()) {
            return Uni.createFrom().failure(new AuthenticationFailedException());
        }
        Uni<SecurityIdentity> answer;
        try {
            answer = providers.get(next).authenticate(request, context);
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(e);
        }
        return answer.onItem().ifNull().switchTo(() -> ask(providers, next + 1, request, context));
    }
}
