package com.playtcha.jakarta.servlet;

import com.playtcha.jakarta.internal.config.ManagedExecutor;
import com.playtcha.jakarta.internal.config.OfferedVerifier;
import com.playtcha.jakarta.internal.config.VerifierKey;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.Setting;
import com.playtcha.jakarta.internal.telemetry.OptionalMetrics;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import java.lang.System.Logger.Level;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Which verifier a filter uses: the one the application offers, or one of the verifiers of this
 * web application, shared by filter instances whose verifier settings are equal
 * ({@link VerifierKey}); the last filter to let go closes it. A verifier built here records metrics
 * ({@link OptionalMetrics}) unless {@code playtcha.metrics.enabled=false}.
 */
final class SharedVerifiers {

    static final String ATTRIBUTE = SharedVerifiers.class.getName();

    /** The filter's logger: what a filter uses is part of what it says at start. */
    private static final System.Logger LOG = System.getLogger(PlaytchaFilter.class.getName());

    private static final class Shared {
        final PlaytchaVerifier verifier;
        /** {@code null} without the OpenTelemetry API. */
        final Runnable metrics;
        int users;

        Shared(PlaytchaVerifier verifier, boolean metrics) {
            this.verifier = verifier;
            this.metrics = metrics ? OptionalMetrics.attach(verifier, null) : null;
        }

        void close() {
            try {
                if (metrics != null) {
                    metrics.run();
                }
            } finally {
                verifier.close();
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
     * The verifier offered under {@link PlaytchaVerifier#APPLICATION_ATTRIBUTE}, never closed here; {@code null}
     * when none, or the init-params set settings that {@link Setting#buildsVerifier() build one} (logged).
     */
    static PlaytchaVerifier offered(ServletContext context, String filterName, Map<String, String> initParams)
            throws ServletException {
        if (!(context.getAttribute(PlaytchaVerifier.APPLICATION_ATTRIBUTE) instanceof Supplier<?> offered)) {
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
        try {
            return (PlaytchaVerifier) offered.get();
        } catch (RuntimeException e) {
            throw new ServletException("PlaytchaFilter '" + filterName + "': the application's PlaytchaVerifier "
                    + "could not be created: " + rootMessage(e), e);
        }
    }

    /** Where to read {@code offered}'s login counts: the instance behind CDI's proxy ({@link OfferedVerifier}), or itself. */
    static Supplier<PlaytchaVerifier> counted(ServletContext context, PlaytchaVerifier offered) {
        return OfferedVerifier.behind(context.getAttribute(PlaytchaVerifier.APPLICATION_ATTRIBUTE), offered);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    synchronized PlaytchaVerifier acquire(PlaytchaSettings settings) {
        Shared shared = verifiers.computeIfAbsent(VerifierKey.of(settings), key -> new Shared(
                PlaytchaVerifier.create(settings, ManagedExecutor.forLedger(settings)), settings.metrics()));
        shared.users++;
        return shared.verifier;
    }

    /**
     * Lets go of a verifier from {@link #acquire}; closes it when no filter uses it any more. Any other
     * verifier (the application's) is left alone.
     */
    synchronized void release(PlaytchaVerifier verifier) {
        verifiers.values().removeIf(shared -> {
            if (shared.verifier != verifier || --shared.users > 0) {
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
