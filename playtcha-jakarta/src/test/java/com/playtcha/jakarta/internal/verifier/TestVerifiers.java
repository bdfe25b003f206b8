package com.playtcha.jakarta.internal.verifier;

import com.playtcha.jakarta.core.PlaytchaListener;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.spi.LoginFailures;
import com.playtcha.jakarta.spi.VerifierClock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;

/**
 * The tests' way to build a verifier: {@link Verifiers#compose}, the one production builds with, on
 * the system's name resolver and clock, the ledger on threads of its own and no listener but those
 * the class loader names, unless a test says otherwise. What a test looks at afterwards is the
 * verifier's {@code status()}, and where nothing public shows it, its {@code transport} and {@code ledger}.
 */
final class TestVerifiers {

    private final PlaytchaSettings settings;
    private DnsResolver names = SystemDefaultDnsResolver.INSTANCE;
    private VerifierClock clock = VerifierClock.SYSTEM;
    private ScheduledExecutorService ledgerExecutor;
    private final List<PlaytchaListener> listeners = new ArrayList<>();
    private LoginFailures loginFailures;

    private TestVerifiers(PlaytchaSettings settings) {
        this.settings = settings;
    }

    static TestVerifiers of(PlaytchaSettings settings) {
        return new TestVerifiers(settings);
    }

    /** A name resolver of the test's (one that never answers, say). */
    TestVerifiers names(DnsResolver resolver) {
        names = resolver;
        return this;
    }

    /** The time of every part, the ledger's included: usually a {@link StoppedClock} the test moves. */
    TestVerifiers clock(VerifierClock time) {
        clock = time;
        return this;
    }

    /** Where the ledger's passes run, as a runtime's managed executor would run them. */
    TestVerifiers ledgerExecutor(ScheduledExecutorService executor) {
        ledgerExecutor = executor;
        return this;
    }

    TestVerifiers listeners(PlaytchaListener... more) {
        listeners.addAll(List.of(more));
        return this;
    }

    /** The login counts held beside the verifier, whose faults its status shows. */
    TestVerifiers loginFailures(LoginFailures counts) {
        loginFailures = counts;
        return this;
    }

    ComposedVerifier build() {
        return Verifiers.compose(settings, names, clock, ledgerExecutor, listeners, loginFailures);
    }
}
