package com.playtcha.jakarta.quarkus;

import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The application's identity providers, every one but the login guard's own: the one place that knows them, for the
 * chain the guard asks after its decision ({@link #chain()}) and for the start's check of what the guard cannot stand
 * in front of ({@link GuardStartCheck}). Found once, on first use (the start, with the guard on): Quarkus's manager,
 * too, fixes its list when it is first built.
 */
@Singleton
final class ApplicationProviders {

    /** The package of the guard's own beans, which the checks never take for the application's. */
    static final String OURS = ApplicationProviders.class.getPackageName() + ".";

    private final Instance<IdentityProvider<?>> beans;
    private volatile List<Instance.Handle<IdentityProvider<?>>> found;
    private volatile ProviderChain chain;

    @Inject
    ApplicationProviders(@Any Instance<IdentityProvider<?>> beans) {
        this.beans = beans;
    }

    /** Whether {@code type} (a class's fully qualified name) is one of the guard's own. */
    static boolean ours(String type) {
        return type.startsWith(OURS);
    }

    /** Whether {@code type} (a class's fully qualified name) is the application's: neither Quarkus's nor the guard's own. */
    static boolean applications(String type) {
        return !type.startsWith("io.quarkus.") && !ours(type);
    }

    /** Every provider bean of the application's and Quarkus's, the guard's own left out. */
    List<Instance.Handle<IdentityProvider<?>>> all() {
        List<Instance.Handle<IdentityProvider<?>>> all = found;
        if (all == null) {
            List<Instance.Handle<IdentityProvider<?>>> handles = new ArrayList<>();
            for (Instance.Handle<IdentityProvider<?>> handle : beans.handles()) {
                if (!ours(handle.getBean().getBeanClass().getName())) {
                    handles.add(handle);
                }
            }
            all = List.copyOf(handles);
            found = all;
        }
        return all;
    }

    /**
     * The providers of exactly {@code UsernamePasswordAuthenticationRequest}, in the order Quarkus's manager asks them:
     * highest {@code priority()} first, CDI's order between equals (a stable sort, as the manager's).
     */
    @SuppressWarnings("unchecked")
    ProviderChain chain() {
        ProviderChain fixed = chain;
        if (fixed == null) {
            List<IdentityProvider<UsernamePasswordAuthenticationRequest>> passwords = new ArrayList<>();
            for (Instance.Handle<IdentityProvider<?>> handle : all()) {
                IdentityProvider<?> provider = handle.get();
                if (provider.getRequestType() == UsernamePasswordAuthenticationRequest.class) {
                    passwords.add((IdentityProvider<UsernamePasswordAuthenticationRequest>) provider);
                }
            }
            passwords.sort(Comparator.comparingInt((IdentityProvider<?> provider) -> provider.priority()).reversed());
            fixed = new ProviderChain(passwords);
            chain = fixed;
        }
        return fixed;
    }
}
