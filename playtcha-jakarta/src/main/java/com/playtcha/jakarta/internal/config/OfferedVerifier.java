package com.playtcha.jakarta.internal.config;

import com.playtcha.jakarta.core.PlaytchaVerifier;
import java.util.function.Supplier;

/**
 * What CDI offers the servlet filters next to {@link PlaytchaVerifier#APPLICATION_ATTRIBUTE}: the
 * supplier it put there, and one of the instance behind that supplier's client proxy, from which the
 * filters' login policies read the failed logins the verifier counts (a client proxy shows no more than
 * {@link PlaytchaVerifier}). Kept in the servlet-context attribute {@value #ATTRIBUTE}.
 *
 * @param offered  the supplier in {@link PlaytchaVerifier#APPLICATION_ATTRIBUTE}
 * @param instance the instance behind it, created if need be
 */
public record OfferedVerifier(Supplier<PlaytchaVerifier> offered, Supplier<PlaytchaVerifier> instance) {

    /** The servlet-context attribute. */
    public static final String ATTRIBUTE = "com.playtcha.internal.offered-verifier";

    /**
     * What to read the counts of {@code verifier}, which {@code application} (the value of
     * {@link PlaytchaVerifier#APPLICATION_ATTRIBUTE}) supplied, from: the instance {@code offer} (the value
     * of {@value #ATTRIBUTE}) names when it is the offer of that very supplier, else {@code verifier}.
     */
    public static Supplier<PlaytchaVerifier> behind(Object application, Object offer, PlaytchaVerifier verifier) {
        return offer instanceof OfferedVerifier cdi && cdi.offered() == application ? cdi.instance() : () -> verifier;
    }
}
