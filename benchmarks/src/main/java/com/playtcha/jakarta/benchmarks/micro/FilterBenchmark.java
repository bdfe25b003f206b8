package com.playtcha.jakarta.benchmarks.micro;

import com.playtcha.jakarta.core.Decision;
import com.playtcha.jakarta.core.PlaytchaListener;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.Policy;
import com.playtcha.jakarta.core.Verification;
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.servlet.PlaytchaFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What {@link PlaytchaFilter} costs a request, measured through its public API ({@code init},
 * {@code doFilter}, {@code destroy}) with stub servlet objects, as a container would call it.
 * <ul>
 *   <li>{@code unguardedGet}: a request it does not guard (a GET, the method of every page that
 *       shows the form); the target is under 1 microsecond. This filter is pointed at a closed
 *       port: an unguarded request never calls Playtcha. {@code chainOnly} is the floor, calling the
 *       same chain without the filter.</li>
 *   <li>{@code guardedHeaderToken}, {@code guardedFormToken}: a guarded POST whose token is in the
 *       {@code Playtcha-Token} header (AJAX clients) or in the urlencoded form field, verified by a
 *       verifier the application offers that answers at once: the filter's own work on a guarded
 *       request (finding the token, the decision, the request attributes), without the network.
 *       Parsing the form body is the container's, done once per request whoever asks first.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FilterBenchmark {

    private static final String SECRET = "sk_bench_0123456789";
    private static final String TOKEN = "ptk_default_0123456789abcdef01234567";
    private static final HttpServletResponse RESPONSE =
            new HttpServletResponseWrapper(StubRequest.unsupported(HttpServletResponse.class));

    private PlaytchaFilter filter;
    private StubRequest get;
    private FilterChain chain;

    @Setup(Level.Trial)
    public void setUp(Blackhole blackhole) throws ServletException {
        filter = new PlaytchaFilter();
        filter.init(new StubConfig(Map.of("secret", SECRET, "api-url", "http://127.0.0.1:9")));
        get = new StubRequest("GET", null);
        chain = (request, response) -> blackhole.consume(request);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        filter.destroy();
    }

    @Benchmark
    public void unguardedGet() throws IOException, ServletException {
        filter.doFilter(get, RESPONSE, chain);
    }

    @Benchmark
    public void chainOnly() throws IOException, ServletException {
        chain.doFilter(get, RESPONSE);
    }

    @Benchmark
    public void guardedHeaderToken(Guarded guarded) throws IOException, ServletException {
        guarded.pass(guarded.ajax);
    }

    @Benchmark
    public void guardedFormToken(Guarded guarded) throws IOException, ServletException {
        guarded.pass(guarded.form);
    }

    /** The application's verifier the filter borrows: every token verified at once, so the filter's own work is measured. */
    static final class Verified implements PlaytchaVerifier {

        private static final VerificationResult VERIFIED = new VerificationResult.Verified(false, "req_0123456789abcdef");

        @Override
        public Verification verify(String token, String clientAddress, String path, Policy policy) {
            return new Verification(VERIFIED, Decision.of(VERIFIED, policy), null, Duration.ZERO);
        }

        @Override
        public Policy policy() {
            throw new UnsupportedOperationException("the filter passes its own");
        }

        @Override
        public VerificationResult ask(String token) {
            return VERIFIED;
        }

        @Override
        public void addListener(PlaytchaListener listener) {
        }

        @Override
        public boolean removeListener(PlaytchaListener listener) {
            return false;
        }

        @Override
        public void close() {
        }
    }

    /**
     * A filter that uses the verifier its application offers ({@link PlaytchaVerifier#APPLICATION_ATTRIBUTE}),
     * one that verifies every token at once. The filter takes an offer only when none of its
     * init-params builds a verifier, so its secret comes from the {@code playtcha.secret} system
     * property, set while it initialises.
     */
    @State(Scope.Thread)
    public static class Guarded {

        private PlaytchaFilter filter;
        private StubRequest ajax;
        private StubRequest form;
        private FilterChain chain;

        @Setup(Level.Trial)
        public void setUp(Blackhole blackhole) throws ServletException {
            StubConfig config = new StubConfig(Map.of());
            Supplier<PlaytchaVerifier> offer = Verified::new;
            config.context().setAttribute(PlaytchaVerifier.APPLICATION_ATTRIBUTE, offer);
            filter = new PlaytchaFilter();
            String before = System.setProperty("playtcha.secret", SECRET);
            try {
                filter.init(config);
            } finally {
                if (before == null) {
                    System.clearProperty("playtcha.secret");
                } else {
                    System.setProperty("playtcha.secret", before);
                }
            }
            ajax = new StubRequest("POST", "application/json").header("Playtcha-Token", TOKEN);
            form = new StubRequest("POST", "application/x-www-form-urlencoded").parameter("playtcha-token", TOKEN);
            chain = (request, response) -> blackhole.consume(request);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            filter.destroy();
        }

        /** One request through the filter; the result of the last one is removed, or it would be reused. */
        void pass(StubRequest request) throws IOException, ServletException {
            request.removeAttribute(PlaytchaFilter.RESULT);
            filter.doFilter(request, RESPONSE, chain);
        }
    }
}
