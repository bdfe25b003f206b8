package com.playtcha.jakarta.servlet;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Finding the token: in the {@code Playtcha-Token} header (AJAX clients), and in the urlencoded
 * form field when there is no header. The form case measures the finder's own work; parsing the
 * body is the container's, done once per request whoever asks first.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TokenFinderBenchmark {

    private static final String TOKEN = "ptk_default_0123456789abcdef01234567";

    private TokenFinder finder;
    private StubRequest ajax;
    private StubRequest form;

    @Setup(Level.Trial)
    public void setUp() {
        finder = new TokenFinder("Playtcha-Token", "playtcha-token");
        ajax = new StubRequest("POST", "application/json").header("Playtcha-Token", TOKEN);
        form = new StubRequest("POST", "application/x-www-form-urlencoded").parameter("playtcha-token", TOKEN);
    }

    @Benchmark
    public TokenFinder.Found fromHeader() throws IOException {
        return finder.find(ajax);
    }

    @Benchmark
    public TokenFinder.Found fromFormField() throws IOException {
        return finder.find(form);
    }
}
