package com.playtcha.jakarta.quarkus;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.inject.Instance;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The application's identity providers of {@code UsernamePasswordAuthenticationRequest} other than the guard, asked
 * as Quarkus's {@code IdentityProviderManager} asks them: the providers of exactly that request class, highest
 * {@code priority()} first; a {@code null} answer asks the next, any failure ends the chain, and when none answers
 * the check fails with an {@code AuthenticationFailedException}. Written here because the manager offers no call
 * that skips one provider: asking the manager again would ask the guard again. Found once, at the start (the
 * manager, too, fixes its list when it is first built); what the guard cannot stand in front of fails the start
 * ({@link GuardStartCheck}).
 */
final class ProviderChain {

    private final Instance<IdentityProvider<?>> beans;
    private volatile List<IdentityProvider<UsernamePasswordAuthenticationRequest>> providers;

    ProviderChain(Instance<IdentityProvider<?>> beans) {
        this.beans = beans;
    }

    /** A chain of {@code providers}, in the order given (the login benchmark's: no CDI container there). */
    ProviderChain(List<IdentityProvider<UsernamePasswordAuthenticationRequest>> providers) {
        this.beans = null;
        this.providers = List.copyOf(providers);
    }

    /** The providers asked after the guard, in the manager's order. */
    @SuppressWarnings("unchecked")
    List<IdentityProvider<UsernamePasswordAuthenticationRequest>> providers() {
        List<IdentityProvider<UsernamePasswordAuthenticationRequest>> found = providers;
        if (found == null) {
            List<IdentityProvider<UsernamePasswordAuthenticationRequest>> all = new ArrayList<>();
            for (Instance.Handle<IdentityProvider<?>> handle : beans.handles()) {
                if (handle.getBean().getBeanClass() == QuarkusLoginGuard.class) {
                    continue;
                }
                IdentityProvider<?> provider = handle.get();
                if (provider.getRequestType() == UsernamePasswordAuthenticationRequest.class) {
                    all.add((IdentityProvider<UsernamePasswordAuthenticationRequest>) provider);
                }
            }
            all.sort(Comparator.comparingInt((IdentityProvider<?> provider) -> provider.priority()).reversed());
            found = List.copyOf(all);
            providers = found;
        }
        return found;
    }

    /** The first identity a provider answers, asked in order; the first failure; or a failed login when none answers. */
    Uni<SecurityIdentity> authenticate(UsernamePasswordAuthenticationRequest request, AuthenticationRequestContext context) {
        return ask(providers(), 0, request, context);
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
