package com.playtcha.jakarta.security;

import jakarta.annotation.Priority;
import jakarta.decorator.Delegate;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import java.io.Serializable;

/**
 * Decorates the identity store handler, where the runtime lets its handler be decorated: a check it
 * makes while a {@link PlaytchaLogin} mechanism runs is decided by the login policy before any store is
 * asked ({@link StoreGuard}), the built-in stores ({@code @DatabaseIdentityStoreDefinition}, ...)
 * included; one on a thread bound to no request fails closed there. Registered by {@link PlaytchaSecurityExtension}, which
 * makes it a {@code @Decorator} (not written here, so that Quarkus's discovery does not find it).
 */
@Priority(Interceptor.Priority.LIBRARY_BEFORE + 10)
abstract class GuardedIdentityStoreHandler implements IdentityStoreHandler, Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    @Delegate
    @Any
    IdentityStoreHandler handler;

    /** Decides the check: in the guarded call on this thread, or as one bound to no request. */
    @Inject
    StoreGuard guard;

    @Override
    public CredentialValidationResult validate(Credential credential) {
        return guard.validate(credential, () -> handler.validate(credential));
    }
}
