package com.playtcha.jakarta.spi.web;

import com.playtcha.jakarta.spi.store.LogThrottle;
import java.lang.System.Logger.Level;

/**
 * SPI: what enforce would have answered a request that observe mode let through ({@code guard}: the filter's or
 * door's name; {@code path} without path parameters). Any client sends such requests at will, so every door logs it
 * through {@link #log}: at INFO at most once per its throttle's period (10 s) with the count since, the others at
 * DEBUG without one. Logged as it is, never as a format: the path is the client's.
 */
public record ObserveNote(String guard, int status, String code, String requestId, String path) {

    /** Logs {@code note} ({@code null}: none) on {@code log}, at INFO when {@code throttle} lets a line through, else at DEBUG. */
    public static void log(ObserveNote note, System.Logger log, LogThrottle throttle) {
        if (note != null) {
            long since = throttle.count(System.nanoTime());
            log.log(since > 0 ? Level.INFO : Level.DEBUG, note.line(since));
        }
    }

    /** The line, with {@code count} in its brackets when over 0. */
    public String line(long count) {
        return "Playtcha observe mode: enforce would answer " + status + " [filter=" + guard + ", code=" + code
                + ", request_id=" + requestId + ", uri=" + path + (count > 0 ? ", count=" + count : "") + "]";
    }
}
