package com.playtcha.jakarta.core;

import java.util.Objects;

/**
 * How a caller carries out what verification found: whether it blocks at all ({@link Mode}), what an
 * unavailable Playtcha does to a request ({@link FailMode}), and the status a rejected token gets.
 * The same three settings every {@code PlaytchaFilter} has ({@code playtcha.mode},
 * {@code playtcha.fail-closed}, {@code playtcha.reject-status}), as a value of its own, so that
 * callers with different policies share one verifier and its pool:
 *
 * <pre>{@code
 * Policy payments = new Policy(Mode.ENFORCE, FailMode.CLOSED, 403);   // no pass without a verdict
 * Verification v = verifier.verify(token, request.getRemoteAddr(), request.getRequestURI(), payments);
 * }</pre>
 *
 * <p>{@link PlaytchaVerifier#verify(String, String, String)} uses the verifier's own,
 * {@link PlaytchaVerifier#policy()}: {@code Policy.of} the settings it was created with.
 *
 * @param mode         {@link Mode#ENFORCE} blocks what the decision table blocks; {@link Mode#OBSERVE} blocks nothing
 * @param failMode     {@link FailMode#OPEN} lets a request on when Playtcha gives no verdict; {@link FailMode#CLOSED} answers 503
 * @param rejectStatus the status for a rejected token, a client error from 400 to 499 (403 by default)
 */
public record Policy(Mode mode, FailMode failMode, int rejectStatus) {

    /**
     * @throws NullPointerException    for a missing mode or fail mode
     * @throws InvalidSettingException naming {@code playtcha.reject-status} when {@code rejectStatus} is not 400 to 499
     */
    public Policy {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(failMode, "failMode");
        SettingRules.rejectStatus(rejectStatus);
    }

    /** The policy of these settings: their {@code mode}, {@code fail-closed} and {@code reject-status}. */
    public static Policy of(PlaytchaSettings settings) {
        return new Policy(settings.mode(), settings.failMode(), settings.rejectStatus());
    }
}
