package com.playtcha.jakarta.spi;

import com.playtcha.jakarta.core.PlaytchaListener;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;

/**
 * SPI: how whatever holds a verifier (the filters' registry, the CDI producer, the Spring Boot starter)
 * builds what it holds: the login counts of its settings, then the verifier beside them. It holds both,
 * hands the counts to every login policy it makes, and closes both when it stops.
 */
public final class Holders {

    private Holders() {
    }

    /**
     * The login counts of these settings on the system clock: {@code null} unless
     * {@code playtcha.login.require=after-failures}; the cluster module's when a store is shared.
     *
     * @throws com.playtcha.jakarta.core.InvalidSettingException naming the store's key when the cluster
     *         module it needs is missing
     */
    public static LoginFailures loginFailures(PlaytchaSettings settings) {
        return com.playtcha.jakarta.internal.verifier.Verifiers.loginFailures(settings);
    }

    /**
     * The verifier of these settings, reporting to {@code listeners} too; its {@code status()} shows the
     * faults of the counts {@code beside} it ({@code null}: none), which it never closes.
     *
     * @param ledgerExecutor where the ledger's passes run (the runtime's managed scheduled executor,
     *                       never shut down here), or {@code null} for threads of its own
     */
    public static PlaytchaVerifier verifier(PlaytchaSettings settings, ScheduledExecutorService ledgerExecutor,
            List<PlaytchaListener> listeners, LoginFailures beside) {
        return com.playtcha.jakarta.internal.verifier.Verifiers.create(settings, ledgerExecutor, listeners, beside);
    }
}
