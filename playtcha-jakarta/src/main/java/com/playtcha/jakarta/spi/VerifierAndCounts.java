package com.playtcha.jakarta.spi;

import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.spi.store.LoginFailures;

/**
 * SPI: a verifier and the login counts kept beside it ({@code null}: none, unless
 * {@code playtcha.login.require=after-failures}), as a filter uses them: the ones a holder offered
 * ({@link VerifierOffer#take}), or those the filters' registry built itself ({@link VerifierFactory}).
 */
public record VerifierAndCounts(PlaytchaVerifier verifier, LoginFailures loginFailures) {
}
