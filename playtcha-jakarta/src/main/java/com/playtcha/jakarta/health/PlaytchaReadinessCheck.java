package com.playtcha.jakarta.health;

import com.playtcha.jakarta.core.DecisionEvent;
import com.playtcha.jakarta.core.InvalidSettingException;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.VerifierStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Vetoed;
import jakarta.enterprise.inject.build.compatible.spi.SyntheticComponents;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.inject.Provider;
import java.util.Locale;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * The readiness check {@value #NAME}: can this application verify Playtcha tokens at all, and what
 * does it show an operator? Registered by {@link PlaytchaHealthExtension} in CDI applications with
 * MicroProfile Health (WildFly's {@code /health/ready} on the management port, Payara's on the HTTP
 * port, Open Liberty, Quarkus, SmallRye Health elsewhere); off with {@code playtcha.health.enabled=false}.
 *
 * <ul>
 * <li><b>DOWN</b> only while the verifier cannot be built: {@code fault: invalid_settings}, with the
 *     key in {@code setting} (no secret, a bad value, a ledger directory that cannot be used). That
 *     is this deployment's own mistake, and no request can change it.</li>
 * <li><b>UP</b> in every other case, with what is going on in the data: {@code breaker},
 *     {@code breakerSince}, {@code consecutiveFailures}, {@code ledgerOpen}, {@code ledgerCapacity},
 *     {@code failedOpen} (decisions since start), {@code lastVerdict}; and, while there is one, the
 *     {@linkplain VerifierStatus.LocalFault local fault} (its codes are listed there) in {@code fault},
 *     {@code faultSince} and {@code faultMessage}.</li>
 * </ul>
 *
 * <p><b>Faults do not turn it DOWN</b>: a readiness probe takes an instance, and every page of the
 * site, out of the load balancer, and such a fault is shared by every replica (or, for
 * {@code bad_secret}, provoked by a client); a Playtcha outage is what failing open or closed is for.
 * Alert on the fault instead: the {@code playtcha.local_fault} metric, this check's data, or the ERROR
 * line ({@link VerifierStatus.LocalFault} says when each shows and fades).
 *
 * <p>Reads {@link PlaytchaVerifier#status()} only: nothing remote, no token spent, never the secret.
 * {@code @Vetoed}: only the extensions make it a bean (Quarkus would otherwise discover it by its
 * {@code @Readiness}, a second check that cannot be built).
 */
@Vetoed
@Readiness
public class PlaytchaReadinessCheck implements HealthCheck {

    /** The check's name in the health report. */
    public static final String NAME = "playtcha";

    private final Provider<PlaytchaVerifier> verifier;
    /** The verifier once resolved: resolving again at each call would create a dependent-scoped one each time. */
    private volatile PlaytchaVerifier resolved;

    PlaytchaReadinessCheck(Provider<PlaytchaVerifier> verifier) {
        this.verifier = verifier;
    }

    /**
     * Adds the check as an application-scoped bean of types {@code HealthCheck} and {@code Object},
     * qualified {@code @Readiness}, without injection points: it takes the verifier from
     * {@code verifier} at its first call (again at the next, while that fails).
     */
    static void register(AfterBeanDiscovery discovery, Provider<PlaytchaVerifier> verifier) {
        discovery.addBean().beanClass(PlaytchaReadinessCheck.class).types(HealthCheck.class, Object.class)
                .qualifiers(PlaytchaReadinessCheck.class.getAnnotation(Readiness.class), Any.Literal.INSTANCE)
                .scope(ApplicationScoped.class).id(PlaytchaReadinessCheck.class.getName())
                .createWith(context -> new PlaytchaReadinessCheck(verifier));
    }

    /** The same bean, for CDI Lite ({@link PlaytchaHealthBuildExtension}): created by its {@code Creator}. */
    static void register(SyntheticComponents components) {
        components.addBean(PlaytchaReadinessCheck.class).type(HealthCheck.class).type(Object.class)
                .qualifier(Readiness.Literal.INSTANCE).qualifier(Any.Literal.INSTANCE)
                .scope(ApplicationScoped.class).createWith(PlaytchaHealthBuildExtension.Creator.class);
    }

    @Override
    public HealthCheckResponse call() {
        VerifierStatus status;
        try {
            status = verifier().status();
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

    private PlaytchaVerifier verifier() {
        PlaytchaVerifier v = resolved;
        if (v == null) {
            v = verifier.get();
            resolved = v;
        }
        return v;
    }

    static HealthCheckResponse report(VerifierStatus status) {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME).up()
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
