package com.playtcha.jakarta.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.security.enterprise.identitystore.IdentityStore;

/**
 * The application's identity store made by a producer method, not a managed bean: CDI decorates no
 * producer's product. The store is a {@link CountingStore} made with {@code new}, so it counts as that one does.
 */
@ApplicationScoped
public class StoreProducer {

    @Produces
    @ApplicationScoped
    IdentityStore store() {
        return new CountingStore();
    }
}
