package com.playtcha.jakarta.security;

import com.playtcha.jakarta.cdi.PlaytchaVerifierProducer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import org.jboss.weld.junit5.WeldInitiator;

/**
 * The runtime's identity store handler as a synthetic bean, which CDI does not decorate (as in a
 * runtime that makes its handler so): it asks every {@code IdentityStore} bean, the first valid answer
 * winning, the way the specification's default handler does.
 */
public class SyntheticStoreHandler implements Extension {

    /** Weld for a test of this runtime: the library's producer, the Jakarta Security extension, this handler and {@code beans}. */
    static WeldInitiator weldWith(Class<?>... beans) {
        return WeldInitiator.from(WeldInitiator.createWeld()
                .addBeanClass(PlaytchaVerifierProducer.class)
                .addBeanClasses(beans)
                .addExtension(new PlaytchaSecurityExtension())
                .addExtension(new SyntheticStoreHandler()))
                .build();
    }

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
