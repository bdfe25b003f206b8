package com.playtcha.jakarta.servlet.multipart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a hostile multipart body costs the filter's reader in memory: bytes allocated per MiB read, at
 * most {@value #MAX_PER_MIB} bytes (2 MiB), measured on this thread with
 * {@code com.sun.management.ThreadMXBean#getCurrentThreadAllocatedBytes} after a warm-up run. A count,
 * not a timing: the JIT's warm-up aside, the same body allocates the same bytes. Two measures: the
 * scan alone over {@value #SCAN_MIB} MiB of each shape, whole and dribbled 1 to 3 bytes per call, so
 * that the cost per part or per header line shows and fixed costs do not; and the whole read of a
 * body ({@link MultipartPrefix#read}, the buffer it holds included) up to its 1 MiB cap.
 */
class MultipartAllocationTest {

    private static final int MIB = 1024 * 1024;
    private static final long MAX_PER_MIB = 2L * MIB;
    private static final int SCAN_MIB = 8;
    private static final String LONG = "b".repeat(70);
    private static final String FILE = "--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"f\"\r\n\r\n";

    /** The shapes a client can repeat at will; each keeps the scanner reading (no token, no refusal). */
    static Stream<Arguments> hostileShapes() {
        return Stream.of(
                Arguments.of("many tiny parts", "b", "", "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\r\n"),
                Arguments.of("many tiny file parts with a Content-Type", "b", "", "--b\r\nContent-Disposition: form-data; "
                        + "name=\"f\"; filename=\"f.txt\"\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nx\r\n"),
                Arguments.of("parts with long names", "b", "", "--b\r\nContent-Disposition: form-data; name=\""
                        + "n".repeat(300) + "\"\r\n\r\n\r\n"),
                Arguments.of("many Content-Type lines in a part", "b", "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n",
                        "Content-Type: text/plain; charset=utf-8\r\n"),
                Arguments.of("many short header lines", "b", "--b\r\n", "X-A: b\r\n"),
                Arguments.of("a header line that never ends", "b", "--b\r\nX-Pad: ", "a"),
                Arguments.of("CRLFs in a file", "b", FILE, "\r\n"),
                Arguments.of("dashes in a file", "b", FILE, "-"),
                Arguments.of("boundary-like lines in a file", LONG, FILE.replace("--b", "--" + LONG),
                        "\r\n--" + LONG.substring(1) + "x"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileShapes")
    void scanningAHostileShape_allocatesAtMostTwoMebibytesPerMebibyte(String label, String boundary, String head, String unit) {
        byte[] body = body(head, unit, SCAN_MIB * MIB);
        byte[] dashBoundary = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
        scan(body, dashBoundary, body.length); // warm-up

        long whole = allocated(() -> scan(body, dashBoundary, body.length));
        long dribbled = allocated(() -> scan(body, dashBoundary, 3));
        System.out.printf("[scan=%s, mib=%d, allocated_whole=%d, allocated_dribbled=%d]%n", label, SCAN_MIB, whole, dribbled);
        assertTrue(whole <= MAX_PER_MIB * SCAN_MIB, () -> label + ": " + whole + " bytes allocated for " + SCAN_MIB + " MiB");
        assertTrue(dribbled <= MAX_PER_MIB * SCAN_MIB, () -> label + ": " + dribbled + " bytes allocated for " + SCAN_MIB
                + " MiB fed 1 to 3 bytes at a time");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileShapes")
    void readingAHostileBody_allocatesAtMostTwoMebibytesPerMebibyteRead_itsBufferIncluded(String label, String boundary,
            String head, String unit) {
        byte[] body = body(head, unit, 2 * MultipartPrefix.MAX_PREFIX_BYTES);
        byte[] dashBoundary = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
        read(() -> new ByteArrayInputStream(body), dashBoundary); // warm-up

        for (Supplier<InputStream> in : java.util.List.<Supplier<InputStream>>of(() -> new ByteArrayInputStream(body),
                () -> new Dribble(body, 7))) {
            MultipartPrefix.Prefix[] prefix = new MultipartPrefix.Prefix[1];
            long allocated = allocated(() -> prefix[0] = read(in, dashBoundary));
            long read = prefix[0].length();
            System.out.printf("[read=%s, bytes_read=%d, allocated=%d]%n", label, read, allocated);
            assertNull(prefix[0].token());
            assertEquals(MultipartPrefix.MAX_PREFIX_BYTES, read, "read up to the cap");
            assertTrue(allocated <= MAX_PER_MIB * read / MIB, () -> label + ": " + allocated + " bytes allocated for " + read
                    + " bytes read");
        }
    }

    /** Scans {@code body}, fed {@code step} bytes more per call; the body must keep the scanner asking for more. */
    private static void scan(byte[] body, byte[] dashBoundary, int step) {
        MultipartScanner scanner = new MultipartScanner(dashBoundary, "playtcha-token");
        MultipartScanner.Verdict verdict = MultipartScanner.Verdict.MORE;
        for (int length = Math.min(step, body.length); verdict == MultipartScanner.Verdict.MORE; length = Math.min(length + step, body.length)) {
            verdict = scanner.scan(body, length);
            if (length == body.length) {
                break;
            }
        }
        if (verdict != MultipartScanner.Verdict.MORE) {
            throw new AssertionError("the shape must be read to its end, not " + verdict + ": " + scanner.refusal());
        }
    }

    private static MultipartPrefix.Prefix read(Supplier<InputStream> body, byte[] dashBoundary) {
        try {
            return MultipartPrefix.read(body.get(), dashBoundary, "playtcha-token");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Bytes this thread allocated while {@code work} ran. */
    private static long allocated(Runnable work) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        work.run();
        return threads.getCurrentThreadAllocatedBytes() - before;
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
