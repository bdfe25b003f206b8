package com.playtcha.jakarta.servlet;

import com.playtcha.jakarta.config.VerifierKey;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import jakarta.servlet.ServletContext;
import java.util.HashMap;
import java.util.Map;

/**
 * The verifiers of one web application, shared by filter instances whose verifier settings are
 * equal ({@link VerifierKey}), so that a fail-open {@code /signup/*} and a
 * fail-closed {@code /payment/*} use one connection pool. Counted: the last filter to let go
 * closes it. Kept in a servlet context attribute, so it lives and dies with the application.
 */
final class SharedVerifiers {

    static final String ATTRIBUTE = SharedVerifiers.class.getName();

    private static final class Shared {
        final PlaytchaVerifier verifier;
        int users;

        Shared(PlaytchaVerifier verifier) {
            this.verifier = verifier;
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

    synchronized PlaytchaVerifier acquire(PlaytchaSettings settings) {
        Shared shared = verifiers.computeIfAbsent(VerifierKey.of(settings), key -> new Shared(PlaytchaVerifier.create(settings)));
        shared.users++;
        return shared.verifier;
    }

    /** Lets go of a verifier from {@link #acquire}; closes it when no filter uses it any more. */
    synchronized void release(PlaytchaVerifier verifier) {
        verifiers.values().removeIf(shared -> {
            if (shared.verifier != verifier || --shared.users > 0) {
                return false;
            }
            verifier.close();
            return true;
        });
    }

    synchronized int size() {
        return verifiers.size();
    }
}
