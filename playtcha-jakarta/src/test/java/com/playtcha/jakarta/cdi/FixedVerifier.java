package com.playtcha.jakarta.cdi;

import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.VerificationResult;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

/** What an application declares to replace our verifier (a stub for its own tests): every token is verified. */
@Alternative
@Priority(100)
@ApplicationScoped
public class FixedVerifier implements PlaytchaVerifier {

    static final VerificationResult RESULT = new VerificationResult.Verified(false, "req_fixed");

    @Override
    public VerificationResult verify(String token) {
        return RESULT;
    }

    @Override
    public void close() {
    }
}
