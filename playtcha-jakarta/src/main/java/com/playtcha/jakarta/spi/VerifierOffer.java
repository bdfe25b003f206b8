package com.playtcha.jakarta.spi;

import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.spi.store.LoginFailures;
import java.util.function.Supplier;

/**
 * SPI: what a holder puts in its web application's servlet context under
 * {@link PlaytchaVerifier#APPLICATION_ATTRIBUTE}, for the filters to share: its verifier and the login counts
 * it holds beside it, asked for when a filter starts ({@link #take}; the counts' answer may be {@code null}:
 * none are kept). It is the {@code Supplier<PlaytchaVerifier>} that attribute documents, so a reader that
 * knows only the public attribute gets the verifier; an application that offers a plain supplier there
 * offers no counts.
 */
public record VerifierOffer(Supplier<PlaytchaVerifier> verifier, Supplier<LoginFailures> loginFailures)
        implements Supplier<PlaytchaVerifier> {

    /** The holder's verifier. */
    @Override
    public PlaytchaVerifier get() {
        return verifier.get();
    }

    /** The verifier and the counts beside it, asked for now. */
    public VerifierAndCounts take() {
        return new VerifierAndCounts(verifier.get(), loginFailures.get());
    }
}
