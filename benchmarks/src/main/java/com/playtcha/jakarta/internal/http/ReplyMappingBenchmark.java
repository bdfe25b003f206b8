package com.playtcha.jakarta.internal.http;

import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.spi.store.VerifierClock;
import jakarta.json.spi.JsonProvider;
import java.nio.charset.StandardCharsets;
import java.util.Map;
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
 * JSON both ways: {@link ReplyMapping} reading Playtcha's success reply and its 409 error envelope
 * (bodies shaped as the simulator sends them), and the request body written by the verifier's
 * {@link RequestBody}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ReplyMappingBenchmark {

    private static final byte[] SUCCESS = ("{\"success\":true,\"degraded\":false,\"request_id\":\"req_0123456789abcdef\","
            + "\"project\":\"default\",\"challenge_ts\":1795219200}").getBytes(StandardCharsets.UTF_8);
    private static final byte[] ALREADY_REDEEMED = ("{\"error\":{\"code\":\"already_redeemed\",\"message\":\"The token "
            + "was already redeemed. Tokens are single-use.\",\"request_id\":\"req_0123456789abcdef\","
            + "\"docs\":\"https://docs.playtcha.com/errors#already_redeemed\"}}").getBytes(StandardCharsets.UTF_8);

    private ReplyMapping mapping;
    private RequestBody requestBody;

    @Setup(Level.Trial)
    public void setUp() {
        mapping = new ReplyMapping(JsonProvider.provider().createParserFactory(Map.of()), VerifierClock.SYSTEM);
        requestBody = new RequestBody("sk_bench_0123456789");
    }

    @Benchmark
    public VerificationResult mapSuccess() {
        return mapping.map(200, null, SUCCESS);
    }

    @Benchmark
    public VerificationResult mapAlreadyRedeemed() {
        return mapping.map(409, null, ALREADY_REDEEMED);
    }

    @Benchmark
    public byte[] writeRequestBody() {
        return requestBody.with("ptk_default_0123456789abcdef01234567");
    }
}
