package com.playtcha.jakarta.spi.web;

/**
 * SPI: what enforce would have answered a request that observe mode let through ({@code guard}: the filter's or
 * door's name; {@code path} without path parameters). Any client sends such requests at will, so a door logs the
 * line at INFO at most once per 10 s with the count since ({@code LogThrottle}), the others at DEBUG without one.
 * Logged as it is, never as a format: the path is the client's.
 */
public record ObserveNote(String guard, int status, String code, String requestId, String path) {

    /** The line, with {@code count} in its brackets when over 0. */
    public String line(long count) {
        return "Playtcha observe mode: enforce would answer " + status + " [filter=" + guard + ", code=" + code
                + ", request_id=" + requestId + ", uri=" + path + (count > 0 ? ", count=" + count : "") + "]";
    }
}
