package com.playtcha.jakarta.security;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.spi.store.LoginFailures;
import com.playtcha.jakarta.spi.login.LoginAttempt;
import com.playtcha.jakarta.spi.login.LoginPolicy;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * What every guarded identity store check goes through: the decorators of store and handler beans, and
 * the stores and handlers producer methods make ({@link GuardedProducer}). On a thread that runs a
 * {@link PlaytchaLogin} mechanism the check is decided in that call ({@link GuardedCall#check}).
 *
 * <p>On a thread bound to no request (no CDI request context: a task the mechanism handed to
 * {@code CompletableFuture.supplyAsync} or an executor of its own), in an application where a class carries
 * {@code @PlaytchaLogin}, the check cannot be tied to the request that asked for it, and no token can reach
 * it, so it is decided by the policy's rule for checks with no request ({@link LoginPolicy#decideOutside}),
 * the one Spring Security's guard follows too: under {@code playtcha.login.require=always} it is refused,
 * unless {@code playtcha.login.outside-requests} says the application checks passwords outside requests on
 * purpose; under {@code after-failures} it is counted on its account, with no client, and refused once the
 * account needs a token. A refused check never reaches the store and answers {@code NOT_VALIDATED}; the
 * first is logged as a WARNING. Check passwords on the request's own thread. A thread with a request
 * context (the request's own, outside a guarded mechanism; a scheduled job) is left alone, as before.
 *
 * <p>Application scoped, given its scope by {@link PlaytchaSecurityExtension} and not here: Quarkus indexes
 * this jar, and a bean of Jakarta Security types it found there would fail the build.
 */
class StoreGuard {

    private static final System.Logger LOG = System.getLogger(PlaytchaLoginInterceptor.class.getName());

    private final AtomicBoolean warned = new AtomicBoolean();

    @Inject
    Instance<PlaytchaSettings> settings;

    @Inject
    Instance<LoginFailures> loginFailures;

    @Inject
    BeanManager beans;

    @Inject
    PlaytchaSecurityExtension extension;

    private volatile LoginPolicy policy;

    /** A store's check of {@code credential}, decided as this class says, {@code store} asking the store itself. */
    CredentialValidationResult validate(Credential credential, Supplier<CredentialValidationResult> store) {
        if (credential == null || GuardedCall.running() || !extension.guardsLogins() || requestBound()) {
            return GuardedCall.check(credential, store);
        }
        LoginAttempt attempt;
        try {
            attempt = policy().decideOutside(GuardedCall.accountOf(credential));
        } catch (RuntimeException unresolved) { // the settings cannot be had here: a check nothing decides is refused
            LOG.log(Level.WARNING, "Refused an identity store check on a thread bound to no request: the Playtcha settings "
                    + "could not be resolved there [cause={0}]", unresolved.toString());
            return CredentialValidationResult.NOT_VALIDATED_RESULT;
        }
        if (!attempt.proceeds()) {
            refusedOffRequest();
            return CredentialValidationResult.NOT_VALIDATED_RESULT;
        }
        if (attempt.outcome() == null) {
            return store.get(); // nothing counted: playtcha.login.outside-requests under always
        }
        CredentialValidationResult result;
        try {
            result = store.get();
        } catch (RuntimeException | Error e) {
            attempt.outcome().unchecked();
            throw e;
        }
        switch (result.getStatus()) {
            case VALID -> attempt.outcome().checked(true);
            case INVALID -> attempt.outcome().checked(false);
            default -> attempt.outcome().unchecked();
        }
        return result;
    }

    private void refusedOffRequest() {
        Level level = warned.compareAndSet(false, true) ? Level.WARNING : Level.DEBUG;
        LOG.log(level, "Refused an identity store check on a thread bound to no request: @PlaytchaLogin cannot tie it to "
                + "the login that asked for it, so it is counted on its account and refused when that account needs a "
                + "token (always, under playtcha.login.require=always unless playtcha.login.outside-requests=true); "
                + "have the mechanism ask the store on the request's own thread");
    }

    /** Whether this thread has a CDI request context: a request's own thread, or work the container bound to one. */
    private boolean requestBound() {
        try {
            return beans.getContext(RequestScoped.class).isActive();
        } catch (ContextNotActiveException none) {
            return false;
        }
    }

    private LoginPolicy policy() {
        LoginPolicy found = policy;
        if (found == null) {
            // Payara resolves a bean the extension added in the extension's own archive, which does not see the
            // application's PlaytchaSettings from a thread of the application's own; the application's bean manager,
            // found by the thread's class loader (CDI.current()), does.
            Instance<Object> application = settings.isResolvable() ? null : CDI.current();
            PlaytchaSettings loaded = application == null ? settings.get() : application.select(PlaytchaSettings.class).get();
            Instance<LoginFailures> counts = application == null ? loginFailures : application.select(LoginFailures.class);
            found = new LoginPolicy(loaded, counts.isResolvable() ? counts.get() : null);
            policy = found;
        }
        return found;
    }
}
