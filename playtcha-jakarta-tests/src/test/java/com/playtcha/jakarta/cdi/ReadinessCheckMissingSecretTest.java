package com.playtcha.jakarta.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.playtcha.jakarta.health.PlaytchaHealthExtension;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import io.smallrye.health.SmallRyeHealthReporter;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.util.Map;
import org.jboss.weld.junit5.EnableWeld;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldSetup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Settings the verifier cannot be built from (no secret): DOWN, naming the key, not an error page. */
@EnableWeld
class ReadinessCheckMissingSecretTest {

    @RegisterExtension
    static final PlaytchaSimulatorExtension PLAYTCHA = new PlaytchaSimulatorExtension();

    @RegisterExtension
    static final InMemoryConfig CONFIG = InMemoryConfig.of(PLAYTCHA, sim -> Map.of("playtcha.api-url", sim.url().toString()));

    @WeldSetup
    WeldInitiator weld = WeldInitiator.from(WeldInitiator.createWeld()
            .addBeanClasses(PlaytchaVerifierProducer.class, SmallRyeHealthReporter.class, io.smallrye.health.AsyncHealthCheckFactory.class,
                    io.smallrye.health.registry.HealthRegistries.class)
            .addExtension(new PlaytchaHealthExtension())).inject(this).build();

    @Inject
    SmallRyeHealthReporter health;

    @Test
    void down_withTheKeyThatIsMissing() {
        JsonObject payload = health.getReadiness().getPayload();
        JsonObject check = payload.getJsonArray("checks").getJsonObject(0);

        assertEquals("DOWN", check.getString("status"), payload::toString);
        assertEquals("invalid_settings", check.getJsonObject("data").getString("fault"));
        assertEquals("playtcha.secret", check.getJsonObject("data").getString("setting"));
    }
}
