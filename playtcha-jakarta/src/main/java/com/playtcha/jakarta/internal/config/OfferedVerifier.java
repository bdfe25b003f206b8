package com.playtcha.jakarta.internal.config;

import com.playtcha.jakarta.core.PlaytchaVerifier;
import java.util.function.Supplier;

/**
 * What CDI offers the servlet filters in {@link PlaytchaVerifier#APPLICATION_ATTRIBUTE}: the supplier of
 * its verifier ({@code offered}, a client proxy), which is what {@link #get()} answers, and one of the
 * instance behind that proxy ({@code instance}), whose login counts a proxy does not show. See design/web.md.
 */
public record OfferedVerifier(Supplier<PlaytchaVerifier> offered, Supplier<PlaytchaVerifier> instance)
        implements Supplier<PlaytchaVerifier> {

    @Override
    public PlaytchaVerifier get() {
        return offered.get();
    }

    /** Where to read {@code verifier}'s counts: the instance when {@code application} is CDI's offer, else {@code verifier}. */
    public static Supplier<PlaytchaVerifier> behind(Object application, PlaytchaVerifier verifier) {
        return application instanceof OfferedVerifier cdi ? cdi.instance() : () -> verifier;
    }
}
