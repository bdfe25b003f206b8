package com.playtcha.jakarta.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.health.PlaytchaHealthExtension;
import com.playtcha.jakarta.health.PlaytchaReadinessCheck;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import io.smallrye.health.SmallRyeHealthReporter;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import org.jboss.weld.junit5.EnableWeld;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldSetup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An application that declares its own verifier as an enabled alternative: the readiness check
 * reports that one, as an {@code @Inject PlaytchaVerifier} would get it, not the library's producer's.
 * The two differ in their breaker: on (closed) from the configuration, off in the alternative.
 */
@EnableWeld
class ReadinessCheckAlternativeTest {

    @RegisterExtension
    static final PlaytchaSimulatorExtension PLAYTCHA = new PlaytchaSimulatorExtension();

    @RegisterExtension
    static final InMemoryConfig CONFIG = InMemoryConfig.pointingAt(PLAYTCHA, "playtcha.breaker.enabled", "true");

    /** The application's own verifier, without a breaker. */
    @ApplicationScoped
    static class Replacement {

        @Produces
        @ApplicationScoped
        @Alternative
        @Priority(10)
        PlaytchaVerifier verifier() {
            return PlaytchaVerifier.create(PlaytchaSettings.builder(PLAYTCHA.simulator().secret()).apiUrl(PLAYTCHA.simulator().url())
                    .breakerEnabled(false).build());
        }

        void close(@Disposes PlaytchaVerifier verifier) {
            verifier.close();
        }
    }

    @WeldSetup
    WeldInitiator weld = WeldInitiator.from(WeldInitiator.createWeld()
            .addBeanClasses(PlaytchaVerifierProducer.class, Replacement.class, SmallRyeHealthReporter.class,
                    io.smallrye.health.AsyncHealthCheckFactory.class, io.smallrye.health.registry.HealthRegistries.class)
            .addExtension(new PlaytchaHealthExtension())).inject(this).build();

    @Inject
    SmallRyeHealthReporter health;

    @Inject
    PlaytchaVerifier injected;

    @Test
    void reportsTheVerifierCdiInjects_theApplicationsAlternative() {
        assertEquals("OFF", injected.status().breaker().name(), "the alternative is what CDI injects");

        JsonObject check = health.getReadiness().getPayload().getJsonArray("checks").stream().map(JsonObject.class::cast)
                .filter(c -> PlaytchaReadinessCheck.NAME.equals(c.getString("name"))).findFirst().orElseThrow();
        assertEquals("UP", check.getString("status"), check::toString);
        assertEquals("off", check.getJsonObject("data").getString("breaker"), check::toString);
    }
}
