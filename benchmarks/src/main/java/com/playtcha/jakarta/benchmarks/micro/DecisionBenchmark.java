package com.playtcha.jakarta.benchmarks.micro;

import com.playtcha.jakarta.core.Decision;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.Policy;
import com.playtcha.jakarta.core.VerificationResult;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** {@link Decision#of}: the common case (verified) and the longest path (rate limited, with Retry-After). */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DecisionBenchmark {

    private Policy policy;
    private VerificationResult verified;
    private VerificationResult rateLimited;

    @Setup(Level.Trial)
    public void setUp() {
        policy = Policy.of(PlaytchaSettings.builder("sk_bench_0123456789").build());
        verified = new VerificationResult.Verified(false, "req_0123456789abcdef");
        rateLimited = VerificationResult.Rejected.byPlaytcha(VerificationResult.RATE_LIMITED, "throttled", "req_0123456789abcdef",
                429, Duration.ofMillis(1500));
    }

    @Benchmark
    public Decision verified() {
        return Decision.of(verified, policy);
    }

    @Benchmark
    public Decision rateLimited() {
        return Decision.of(rateLimited, policy);
    }
}
