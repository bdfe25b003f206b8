package com.playtcha.jakarta.cdi;

import com.playtcha.jakarta.core.VerifierThreads;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.InvalidSettingException;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Set;
import org.jboss.weld.junit5.EnableWeld;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldSetup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** MicroProfile Config without {@code playtcha.secret}: using the verifier fails, and says which key is missing. */
@EnableWeld
class MissingSecretTest {

    @RegisterExtension
    static final PlaytchaSimulatorExtension PLAYTCHA = new PlaytchaSimulatorExtension();

    /** Everything but the secret. */
    @RegisterExtension
    static final InMemoryConfig CONFIG = InMemoryConfig.of(PLAYTCHA, sim -> Map.of("playtcha.api-url", sim.url().toString()));

    private final PlaytchaSimulator sim = PLAYTCHA.simulator();

    @WeldSetup
    WeldInitiator weld = WeldInitiator.from(PlaytchaVerifierProducer.class).inject(this).build();

    /** A client proxy: the verifier behind it is built on first use, which is where the secret is missed. */
    @Inject
    PlaytchaVerifier verifier;

    @Test
    void usingTheInjectedVerifier_failsWithARootCauseNamingPlaytchaSecret() {
        VerifierThreads before = VerifierThreads.snapshot();

        RuntimeException failure = assertThrows(RuntimeException.class, () -> verifier.verify(sim.mintToken(), null, "/signup"));

        Throwable root = rootCause(failure);
        assertTrue(root instanceof InvalidSettingException, () -> "root cause " + root);
        assertTrue(root.getMessage().contains("playtcha.secret"), root.getMessage());
        assertEquals(0, sim.callCount(), "nothing posted without a secret");
        assertTrue(before.started().isEmpty(), "no verifier half-built");
    }

    @Test
    void injectingTheSettings_failsTheSameWay_everyTime_notOnlyTheFirst() {
        for (int attempt = 1; attempt <= 2; attempt++) {
            RuntimeException failure = assertThrows(RuntimeException.class, () -> weld.select(PlaytchaSettings.class).get());
            String message = rootCause(failure).getMessage();
            assertTrue(message.contains("playtcha.secret"), () -> "attempt " + message);
        }
    }

    static Throwable rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }
}
