package com.playtcha.jakarta.cdi;

import com.playtcha.jakarta.core.Decision;
import com.playtcha.jakarta.core.FailMode;
import com.playtcha.jakarta.core.Mode;
import com.playtcha.jakarta.core.PlaytchaListener;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.Policy;
import com.playtcha.jakarta.core.Verification;
import com.playtcha.jakarta.core.VerificationResult;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.time.Duration;

/** What an application declares to replace our verifier (a stub for its own tests): every token is verified. */
@Alternative
@Priority(100)
@ApplicationScoped
public class FixedVerifier implements PlaytchaVerifier {

    static final VerificationResult RESULT = new VerificationResult.Verified(false, "req_fixed");

    @Override
    public Verification verify(String token, String clientAddress, String path, Policy policy) {
        return new Verification(RESULT, Decision.of(RESULT, policy), null, Duration.ZERO);
    }

    @Override
    public Policy policy() {
        return new Policy(Mode.ENFORCE, FailMode.OPEN, 403);
    }

    @Override
    public VerificationResult ask(String token) {
        return RESULT;
    }

    @Override
    public void addListener(PlaytchaListener listener) {
    }

    @Override
    public boolean removeListener(PlaytchaListener listener) {
        return false;
    }

    @Override
    public void close() {
    }
}
