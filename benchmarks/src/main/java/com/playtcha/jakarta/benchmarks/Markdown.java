package com.playtcha.jakarta.benchmarks;

import java.util.Locale;

/** The report's text as it is written: formatted lines, and how figures are spelt in them. */
final class Markdown {

    private final StringBuilder text = new StringBuilder();

    void line(String format, Object... args) {
        text.append(String.format(Locale.ROOT, format, args)).append('\n');
    }

    static String bytes(double bytes) {
        return bytes >= 10_000 ? String.format(Locale.ROOT, "%,.1f KB", bytes / 1024) : String.format(Locale.ROOT, "%,.0f B", bytes);
    }

    static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
