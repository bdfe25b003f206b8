package com.playtcha.jakarta.security;

import jakarta.annotation.Priority;
import jakarta.decorator.Delegate;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.io.Serializable;

/**
 * Decorates every identity store bean of the application: a password check it makes while a
 * {@link PlaytchaLogin} mechanism runs is decided by the login policy before the store is asked
 * ({@link StoreGuard}); one on a thread bound to no request fails closed there; any other passes untouched.
 * A store a producer makes is no bean CDI decorates: {@link GuardedProducer} guards it. Registered by
 * {@link PlaytchaSecurityExtension}, which
 * makes it a {@code @Decorator} (not written here, so that Quarkus's discovery does not find it).
 */
@Priority(Interceptor.Priority.LIBRARY_BEFORE + 10)
abstract class GuardedIdentityStore implements IdentityStore, Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    @Delegate
    @Any
    IdentityStore store;

    /** Decides the check: in the guarded call on this thread, or as one bound to no request. */
    @Inject
    StoreGuard guard;

    @Override
    public CredentialValidationResult validate(Credential credential) {
        return guard.validate(credential, () -> store.validate(credential));
    }
}
