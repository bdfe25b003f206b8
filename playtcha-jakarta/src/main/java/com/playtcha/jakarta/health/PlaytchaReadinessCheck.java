package com.playtcha.jakarta.health;

import com.playtcha.jakarta.core.DecisionEvent;
import com.playtcha.jakarta.core.InvalidSettingException;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.VerifierStatus;
import jakarta.inject.Inject;
import java.util.Locale;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * The readiness check {@value #NAME}: is this application's Playtcha verification working, or is
 * something wrong that an operator must fix? Registered by {@link PlaytchaHealthExtension} in CDI
 * applications with MicroProfile Health (WildFly's {@code /health/ready} on the management port,
 * Open Liberty, Quarkus, SmallRye Health elsewhere); off with {@code playtcha.health.enabled=false}.
 *
 * <ul>
 * <li><b>UP</b> while the verifier works, and also while Playtcha is down and the library fails open
 *     or closed: that is what the breaker and the ledger are for, and taking the instance out of the
 *     load balancer would not bring Playtcha back. The data shows it: {@code breaker},
 *     {@code breakerSince}, {@code consecutiveFailures}, {@code ledgerOpen}, {@code ledgerCapacity},
 *     {@code failedOpen} (decisions since start), {@code lastVerdict}.</li>
 * <li><b>DOWN</b> for a local fault ({@link VerifierStatus.LocalFault}): {@code bad_secret},
 *     {@code unknown_project}, {@code api_url_not_found}, {@code ledger_unwritable} (the journal or the
 *     database table cannot be written), {@code ledger_full}, with {@code fault}, {@code faultSince}
 *     and {@code faultMessage} in the data; and
 *     {@code invalid_settings} when the verifier cannot be built (the data names the key).</li>
 * </ul>
 *
 * <p>Reads {@link PlaytchaVerifier#status()} only: nothing remote, no token spent. The data never holds
 * the secret. A fault that shows only in Playtcha's answers (a wrong secret) shows after the first
 * verify that meets it.
 */
@Readiness
public class PlaytchaReadinessCheck implements HealthCheck {

    /** The check's name in the health report. */
    public static final String NAME = "playtcha";

    @Inject
    PlaytchaVerifier verifier;

    @Override
    public HealthCheckResponse call() {
        VerifierStatus status;
        try {
            status = verifier.status();
        } catch (RuntimeException e) {
            InvalidSettingException invalid = invalidSetting(e);
            if (invalid == null) {
                throw e;
            }
            return HealthCheckResponse.named(NAME).down().withData("fault", "invalid_settings")
                    .withData("setting", invalid.setting() == null ? "unknown" : invalid.setting().key()).build();
        }
        return report(status);
    }

    static HealthCheckResponse report(VerifierStatus status) {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME)
                .status(status.localFault() == null)
                .withData("breaker", status.breaker().name().toLowerCase(Locale.ROOT))
                .withData("consecutiveFailures", status.consecutiveFailures())
                .withData("ledgerOpen", status.ledgerOpen())
                .withData("ledgerCapacity", status.ledgerCapacity())
                .withData("failedOpen", status.decisions(DecisionEvent.Kind.FAILED_OPEN));
        if (status.breakerSince() != null) {
            response.withData("breakerSince", status.breakerSince().toString());
        }
        if (status.lastVerdict() != null) {
            response.withData("lastVerdict", status.lastVerdict().toString());
        }
        VerifierStatus.LocalFault fault = status.localFault();
        if (fault != null) {
            response.withData("fault", fault.code()).withData("faultSince", fault.since().toString())
                    .withData("faultMessage", fault.message());
        }
        return response.build();
    }

    private static InvalidSettingException invalidSetting(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof InvalidSettingException invalid) {
                return invalid;
            }
        }
        return null;
    }
}
