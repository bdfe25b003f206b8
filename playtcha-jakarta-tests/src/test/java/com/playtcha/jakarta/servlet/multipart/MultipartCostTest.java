package com.playtcha.jakarta.servlet.multipart;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a hostile multipart body costs the filter's reader: the client chooses the boundary and how
 * many bytes each write carries, so the work must be linear in the bytes read. Two measures: the
 * reader's own count of its work, bytes compared plus bytes copied (deterministic: at most
 * {@value #PER_BYTE} per byte read), and
 * this thread's CPU time (a generous bound, so a busy machine does not fail it; the numbers are
 * printed). Each body is read whole and then dribbled 1 to 3 bytes per read.
 */
class MultipartCostTest {

    private static final int MIB = 1024 * 1024;
    private static final String DASHES = "-".repeat(70);
    private static final int PER_BYTE = 6;
    private static final long CPU_BOUND_NANOS = 200_000_000L;

    static Stream<Arguments> hostileBodies() {
        String file = "--" + DASHES + "\r\nContent-Disposition: form-data; name=\"f\"; filename=\"f\"\r\n\r\n";
        return Stream.of(
                Arguments.of("dashes, 70-dash boundary", DASHES, body("", "-", MIB)),
                Arguments.of("x then dashes, 70-dash boundary", DASHES, body("x", "-", MIB)),
                Arguments.of("near-delimiters in a file, 70-dash boundary", DASHES, body(file, "\r\n" + "-".repeat(71) + "x", MIB)),
                Arguments.of("dashes in a file, 70-dash boundary", DASHES, body(file, "-".repeat(71) + "\r\n", MIB)),
                Arguments.of("a header line that never ends", DASHES, body("--" + DASHES + "\r\nX-Pad: ", "a", MIB)),
                Arguments.of("a thousand short header lines, repeated", "b", body("--b\r\n", "X-A: b\r\n", MIB)),
                Arguments.of("almost-boundaries of a periodic boundary", "ab".repeat(35),
                        body("--" + "ab".repeat(35) + "\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\n", "\r\n--" + "ab".repeat(34) + "a", MIB)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileBodies")
    void hostileMebibyte_isReadInLinearWork_wholeOrDribbled(String label, String boundary, byte[] body) throws IOException {
        byte[] dashBoundary = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
        read(() -> new ByteArrayInputStream(body), dashBoundary); // warm-up, so the bound measures the scan, not the JIT

        Measured whole = read(() -> new ByteArrayInputStream(body), dashBoundary);
        Measured dribbled = read(() -> new Dribble(body, 7), dashBoundary);

        System.out.printf("[body=%s, bytes=%d, read=%d, work_whole=%d, cpu_whole_ms=%.1f, work_dribbled=%d, "
                + "cpu_dribbled_ms=%.1f]%n", label, body.length, whole.prefix().length(), whole.prefix().work(),
                whole.cpuNanos() / 1e6, dribbled.prefix().work(), dribbled.cpuNanos() / 1e6);
        for (Measured m : new Measured[] {whole, dribbled}) {
            assertNull(m.prefix().token());
            long read = m.prefix().length();
            assertTrue(m.prefix().work() <= PER_BYTE * read + 256,
                    () -> label + ": work " + m.prefix().work() + " for " + read + " bytes read");
            assertTrue(m.cpuNanos() < CPU_BOUND_NANOS, () -> label + ": " + m.cpuNanos() / 1_000_000 + " ms of CPU");
        }
    }

    private record Measured(MultipartPrefix.Prefix prefix, long cpuNanos) {
    }

    private static Measured read(Supplier<InputStream> body, byte[] dashBoundary) throws IOException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        InputStream in = body.get();
        long start = threads.getCurrentThreadCpuTime();
        MultipartPrefix.Prefix prefix = MultipartPrefix.read(in, dashBoundary, "playtcha-token");
        return new Measured(prefix, threads.getCurrentThreadCpuTime() - start);
    }

    /** {@code head}, then {@code unit} repeated up to {@code size} bytes in all. */
    private static byte[] body(String head, String unit, int size) {
        StringBuilder text = new StringBuilder(size + unit.length()).append(head);
        while (text.length() < size) {
            text.append(unit);
        }
        text.setLength(size);
        return text.toString().getBytes(StandardCharsets.ISO_8859_1);
    }
}
