package com.playtcha.jakarta.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;

/**
 * The runtime's identity store handler as a synthetic bean, which CDI does not decorate (as in a
 * runtime that makes its handler so): it asks every {@code IdentityStore} bean, the first valid answer
 * winning, the way the specification's default handler does. A test asks for it with
 * {@link GuardedMechanism#withSyntheticStoreHandler}.
 */
public class SyntheticStoreHandler implements Extension {

    void add(@Observes AfterBeanDiscovery discovery) {
        discovery.addBean().types(Object.class, IdentityStoreHandler.class).scope(ApplicationScoped.class)
                .createWith(context -> (IdentityStoreHandler) credential -> {
                    CredentialValidationResult answer = CredentialValidationResult.NOT_VALIDATED_RESULT;
                    for (IdentityStore store : CDI.current().select(IdentityStore.class)) {
                        CredentialValidationResult result = store.validate(credential);
                        if (result.getStatus() == CredentialValidationResult.Status.VALID) {
                            return result;
                        }
                        if (result.getStatus() == CredentialValidationResult.Status.INVALID) {
                            answer = result;
                        }
                    }
                    return answer;
                });
    }
}
