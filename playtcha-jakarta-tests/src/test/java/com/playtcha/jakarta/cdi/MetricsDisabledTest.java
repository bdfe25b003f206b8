package com.playtcha.jakarta.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import jakarta.inject.Inject;
import java.util.List;
import org.jboss.weld.junit5.EnableWeld;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldSetup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code playtcha.metrics.enabled=false}: the producer's verifier records nothing on the application's {@code OpenTelemetry} bean. */
@EnableWeld
class MetricsDisabledTest {

    @RegisterExtension
    static final PlaytchaSimulatorExtension PLAYTCHA = new PlaytchaSimulatorExtension();

    @RegisterExtension
    static final InMemoryConfig CONFIG = InMemoryConfig.pointingAt(PLAYTCHA, "playtcha.metrics.enabled", "false");

    @WeldSetup
    WeldInitiator weld = WeldInitiator.from(PlaytchaVerifierProducer.class, ReadinessCheckTest.Telemetry.class).inject(this).build();

    @Inject
    PlaytchaVerifier verifier;

    @Inject
    ReadinessCheckTest.Telemetry telemetry;

    @Test
    void noMetrics_whenSwitchedOff() {
        String token = PLAYTCHA.simulator().mintToken();
        VerificationResult result = verifier.verify(token, "203.0.113.9", "/signup").result();

        assertInstanceOf(VerificationResult.Verified.class, result, result::toString);
        assertEquals(List.of(), List.copyOf(telemetry.collect().keySet()));
    }
}
