package com.playtcha.jakarta.internal.verifier;

import static org.junit.jupiter.api.Assertions.fail;

import com.playtcha.jakarta.core.PlaytchaListener;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.TestSettings;
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.internal.http.HttpTransport;
import com.playtcha.jakarta.internal.http.PostPath;
import com.playtcha.jakarta.spi.store.LoginFailures;
import com.playtcha.jakarta.spi.store.Resources;
import com.playtcha.jakarta.spi.store.VerifierClock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;

/**
 * The tests' way to build a verifier: {@link Verifiers#compose}, the one production builds with, on
 * the system's name resolver and clock, the ledger on threads of its own and no listener but those
 * the class loader names, unless a test says otherwise. What a test looks at afterwards is the
 * verifier's {@code status()}; the transport it opened for the verifier ({@link #transport()}) shows
 * whether the pool's connections are free ({@link #assertConnectionsFree}), by posting.
 */
final class TestVerifiers {

    private final PlaytchaSettings settings;
    private DnsResolver names = SystemDefaultDnsResolver.INSTANCE;
    private VerifierClock clock = VerifierClock.SYSTEM;
    private ScheduledExecutorService ledgerExecutor;
    private final List<PlaytchaListener> listeners = new ArrayList<>();
    private LoginFailures loginFailures;
    private HttpTransport transport;

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
        return Verifiers.compose(settings, name -> transport = HttpTransport.open(settings, names, name, clock), clock, ledgerExecutor,
                listeners, loginFailures, Resources.NONE);
    }

    /** The transport the verifier {@link #build} built posts through. */
    HttpTransport transport() {
        return transport;
    }

    /**
     * That none of the pool's connections stayed leased: as many posts at once as the pool holds each get a
     * connection, none waits out {@code lease-timeout} to meet {@code overloaded}. Posts straight on the
     * transport, past the verifier's breaker; the server may answer anything. Up to three rounds: a leaked
     * connection never comes back, while on a loaded machine a connection cut a moment ago was still being
     * closed when one post of the first round asked for it (VerifierContractTest, beside four busy loops).
     */
    static void assertConnectionsFree(HttpTransport transport, int connections, Supplier<String> tokens) throws Exception {
        assertConnectionsFree(PostPath.BLOCKING, transport, connections, tokens);
    }

    /** {@link #assertConnectionsFree(HttpTransport, int, Supplier)} of the pool {@code path} posts through. */
    static void assertConnectionsFree(PostPath path, HttpTransport transport, int connections, Supplier<String> tokens)
            throws Exception {
        List<VerificationResult> leaseRefused = List.of();
        for (int round = 0; round < 3; round++) {
            leaseRefused = postAtOnce(path, transport, connections, tokens).stream()
                    .filter(answer -> answer.source() == VerificationResult.Source.POOL).toList();
            if (leaseRefused.isEmpty()) {
                return;
            }
        }
        fail("a connection stayed leased, three rounds in a row: " + leaseRefused);
    }

    private static List<VerificationResult> postAtOnce(PostPath path, HttpTransport transport, int connections, Supplier<String> tokens)
            throws Exception {
        ExecutorService posts = Executors.newFixedThreadPool(connections);
        try {
            List<Future<VerificationResult>> results = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                String token = tokens.get();
                results.add(posts.submit(() -> path.post(transport, token)));
            }
            List<VerificationResult> answers = new ArrayList<>();
            for (Future<VerificationResult> result : results) {
                answers.add(result.get(TestSettings.WAIT.multipliedBy(2).toMillis(), TimeUnit.MILLISECONDS));
            }
            return answers;
        } finally {
            posts.shutdownNow();
        }
    }

    /**
     * A stand-in for the runtime's managed executor that runs the ledger's passes at their ticks, as that
     * one does, and one more on the test's thread when it calls {@link #passNow}.
     */
    static final class Ticks extends ScheduledThreadPoolExecutor implements AutoCloseable {
        private volatile Runnable pass;

        Ticks() {
            super(1, r -> {
                Thread thread = new Thread(r, "test-ledger-ticks");
                thread.setDaemon(true);
                return thread;
            });
        }

        @Override
        public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
            pass = command;
            return super.scheduleWithFixedDelay(command, initialDelay, delay, unit);
        }

        /** One pass of the ledger now, besides those of its ticks, which wait for it. */
        void passNow() {
            pass.run();
        }

        /** Stops the ticks' thread: the verifier, as the runtime's, never shuts its executor down. */
        @Override
        public void close() {
            shutdownNow();
        }
    }
}
