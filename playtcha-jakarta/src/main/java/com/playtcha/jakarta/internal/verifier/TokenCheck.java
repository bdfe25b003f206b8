package com.playtcha.jakarta.internal.verifier;

import com.playtcha.jakarta.core.VerificationResult;

/**
 * The local rows of the decision table: no token, or one that cannot be a token. Playtcha is not
 * asked about either, the breaker does not count them, and the ledger never holds them.
 */
final class TokenCheck {

    private TokenCheck() {
    }

    /** The rejection for a token that must not be posted, or {@code null} for one that may. */
    static VerificationResult.Rejected check(String token) {
        if (token == null || token.isBlank()) {
            return VerificationResult.Rejected.local(VerificationResult.MISSING_TOKEN, "the request carries no Playtcha token");
        }
        if (token.length() > VerificationResult.MAX_TOKEN_LENGTH) {
            return VerificationResult.Rejected.local(VerificationResult.MALFORMED_TOKEN, "the token is over 8 KiB");
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return VerificationResult.Rejected.local(VerificationResult.MALFORMED_TOKEN,
                        "the token has characters outside visible ASCII");
            }
        }
        return null;
    }
}
