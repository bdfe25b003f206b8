package com.playtcha.jakarta.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.playtcha.jakarta.health.PlaytchaHealthExtension;
import io.smallrye.health.SmallRyeHealthReporter;
import jakarta.inject.Inject;
import org.jboss.weld.junit5.EnableWeld;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldSetup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;

/** {@code playtcha.health.enabled=false}: the extension registers no check. */
@EnableWeld
class ReadinessCheckDisabledTest {

    @RegisterExtension
    static final PlaytchaSimulatorExtension PLAYTCHA = new PlaytchaSimulatorExtension();

    @RegisterExtension
    static final InMemoryConfig CONFIG = InMemoryConfig.pointingAt(PLAYTCHA, "playtcha.health.enabled", "false");

    @WeldSetup
    WeldInitiator weld = WeldInitiator.from(WeldInitiator.createWeld()
            .addBeanClasses(PlaytchaVerifierProducer.class, SmallRyeHealthReporter.class, io.smallrye.health.AsyncHealthCheckFactory.class,
                    io.smallrye.health.registry.HealthRegistries.class)
            .addExtension(new PlaytchaHealthExtension())).inject(this).build();

    @Inject
    SmallRyeHealthReporter health;

    @Test
    void noCheck_whenSwitchedOff() {
        assertEquals(0, health.getReadiness().getPayload().getJsonArray("checks").size(), health.getReadiness().getPayload()::toString);
    }
}
