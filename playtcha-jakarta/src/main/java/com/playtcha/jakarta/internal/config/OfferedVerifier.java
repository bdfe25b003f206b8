package com.playtcha.jakarta.internal.config;

import com.playtcha.jakarta.core.PlaytchaVerifier;
import java.util.function.Supplier;

/**
 * What CDI offers the servlet filters in {@value #ATTRIBUTE}: the supplier it put in
 * {@link PlaytchaVerifier#APPLICATION_ATTRIBUTE} ({@code offered}), and one of the instance behind its
 * client proxy ({@code instance}), whose login counts a proxy does not show. See design/web.md.
 */
public record OfferedVerifier(Supplier<PlaytchaVerifier> offered, Supplier<PlaytchaVerifier> instance) {

    /** The servlet-context attribute. */
    public static final String ATTRIBUTE = "com.playtcha.internal.offered-verifier";

    /** Where to read {@code verifier}'s counts: {@code offer}'s instance when it offers {@code application}, else {@code verifier}. */
    public static Supplier<PlaytchaVerifier> behind(Object application, Object offer, PlaytchaVerifier verifier) {
        return offer instanceof OfferedVerifier cdi && cdi.offered() == application ? cdi.instance() : () -> verifier;
    }
}
