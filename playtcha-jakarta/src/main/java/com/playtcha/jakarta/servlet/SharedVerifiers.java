package com.playtcha.jakarta.servlet;

import com.playtcha.jakarta.config.ManagedExecutor;
import com.playtcha.jakarta.config.VerifierKey;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.Setting;
import com.playtcha.jakarta.spi.VerifierAndCounts;
import com.playtcha.jakarta.spi.VerifierFactory;
import com.playtcha.jakarta.spi.VerifierOffer;
import com.playtcha.jakarta.spi.store.LoginFailures;
import com.playtcha.jakarta.spi.store.Resources;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import java.lang.System.Logger.Level;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Which verifier a filter uses, and the login counts held beside it: the ones the application offers
 * ({@link PlaytchaVerifier#APPLICATION_ATTRIBUTE}: a holder's {@link VerifierOffer}, or a plain supplier of a
 * verifier with no counts), or one
 * pair of this web application's, shared by filter instances whose verifier settings are equal
 * ({@link VerifierKey}); the last filter to let go closes both. A verifier built here records metrics
 * ({@link VerifierFactory#metrics}) unless {@code playtcha.metrics.enabled=false}.
 */
final class SharedVerifiers {

    static final String ATTRIBUTE = SharedVerifiers.class.getName();

    /** The filter's logger: what a filter uses is part of what it says at start. */
    private static final System.Logger LOG = System.getLogger(PlaytchaFilter.class.getName());

    private static final class Shared {
        final VerifierAndCounts held;
        /** {@code null} without the OpenTelemetry API. */
        final Runnable metrics;
        int users;

        Shared(PlaytchaSettings settings) {
            LoginFailures loginFailures = VerifierFactory.loginFailures(settings, Resources.NONE);
            try {
                this.held = new VerifierAndCounts(VerifierFactory.verifier(settings, ManagedExecutor.forLedger(settings),
                        List.of(), loginFailures, Resources.NONE), loginFailures);
            } catch (RuntimeException | Error e) {
                if (loginFailures != null) {
                    loginFailures.close();
                }
                throw e;
            }
            this.metrics = settings.metrics() ? VerifierFactory.metrics(held.verifier(), () -> null) : null;
        }

        void close() {
            try {
                if (metrics != null) {
                    metrics.run();
                }
            } finally {
                held.verifier().close();
                if (held.loginFailures() != null) {
                    held.loginFailures().close();
                }
            }
        }
    }

    private final Map<VerifierKey, Shared> verifiers = new HashMap<>();

    static SharedVerifiers of(ServletContext context) {
        synchronized (SharedVerifiers.class) {
            Object existing = context.getAttribute(ATTRIBUTE);
            if (existing instanceof SharedVerifiers shared) {
                return shared;
            }
            SharedVerifiers created = new SharedVerifiers();
            context.setAttribute(ATTRIBUTE, created);
            return created;
        }
    }

    /**
     * The verifier offered under {@link PlaytchaVerifier#APPLICATION_ATTRIBUTE}, with the counts a holder's
     * {@link VerifierOffer} gives beside it (a plain {@code Supplier<PlaytchaVerifier>}, the attribute's public
     * way: none), never closed here; {@code null} when none is offered, or the init-params set settings that
     * {@link Setting#buildsVerifier() build one} (logged).
     */
    static VerifierAndCounts offered(ServletContext context, String filterName, Map<String, String> initParams)
            throws ServletException {
        if (!(context.getAttribute(PlaytchaVerifier.APPLICATION_ATTRIBUTE) instanceof Supplier<?> supplier)) {
            return null;
        }
        List<String> own = initParams.keySet().stream()
                .filter(name -> Setting.forInitParam(name).filter(Setting::buildsVerifier).isPresent()).sorted().toList();
        if (!own.isEmpty()) {
            LOG.log(Level.INFO, "PlaytchaFilter [{0}] builds a verifier of its own instead of using the application''s: "
                    + "its init-params set settings that build a verifier (scope \"verifier\" in the settings table, "
                    + "docs/configuration.md); set them in MicroProfile Config (in Spring Boot, its configuration) "
                    + "to share one [init_params={1}]",
                    filterName, String.join(",", own));
            return null;
        }
        try { // an application's own supplier, the attribute's public way, offers no counts beside its verifier
            return supplier instanceof VerifierOffer offer ? offer.take()
                    : new VerifierAndCounts((PlaytchaVerifier) supplier.get(), null);
        } catch (RuntimeException e) { // a ClassCastException too: the application's supplier gave something else
            throw new ServletException("PlaytchaFilter '" + filterName + "': the application's PlaytchaVerifier "
                    + "could not be created: " + rootMessage(e), e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    /** The verifier of these settings and the counts beside it, built on the first call for them. */
    synchronized VerifierAndCounts acquire(PlaytchaSettings settings) {
        Shared shared = verifiers.computeIfAbsent(VerifierKey.of(settings), key -> new Shared(settings));
        shared.users++;
        return shared.held;
    }

    /**
     * Lets go of what {@link #acquire} gave; closes it when no filter uses it any more. Anything else
     * (what the application offers) is left alone.
     */
    synchronized void release(VerifierAndCounts held) {
        verifiers.values().removeIf(shared -> {
            if (shared.held != held || --shared.users > 0) {
                return false;
            }
            shared.close();
            return true;
        });
    }

    synchronized int size() {
        return verifiers.size();
    }
}
