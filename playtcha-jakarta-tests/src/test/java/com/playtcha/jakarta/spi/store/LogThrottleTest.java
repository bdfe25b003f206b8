package com.playtcha.jakarta.spi.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** One line per period, with the count of those left out since the last, on the caller's time. */
class LogThrottleTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Test
    void theFirstLineIsDue_thenOnePerPeriod_withTheCountLeftOut() {
        LogThrottle throttle = new LogThrottle(60, TimeUnit.SECONDS);

        assertEquals(1, throttle.count(SECOND), "the first is written");
        assertEquals(0, throttle.count(2 * SECOND));
        assertEquals(0, throttle.count(60 * SECOND));
        assertEquals(3, throttle.count(61 * SECOND), "the two left out and this one");
        assertEquals(0, throttle.count(62 * SECOND));
        assertEquals(1, new LogThrottle(1, TimeUnit.SECONDS).count(0), "at nanoTime 0 too");
    }

    /** The Jakarta Security module's interceptor is serializable, and keeps one. */
    @Test
    void itTravelsWithItsCounts() throws Exception {
        LogThrottle throttle = new LogThrottle(1, TimeUnit.MINUTES);
        throttle.count(5);
        throttle.count(6);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(throttle);
        }
        LogThrottle read;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            read = (LogThrottle) in.readObject();
        }

        assertEquals(0, read.count(7));
        assertEquals(3, read.count(5 + 60 * SECOND));
    }
}
