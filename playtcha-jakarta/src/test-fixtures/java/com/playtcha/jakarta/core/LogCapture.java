package com.playtcha.jakarta.core;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Captures every record of every logger at every level, formatted as a log file would show it.
 * Registered as a field ({@code @RegisterExtension final LogCapture log = new LogCapture();}) it
 * captures during each test; or call {@link #install()} and {@link #uninstall()} where a test needs
 * it to start later.
 */
public final class LogCapture extends Handler implements BeforeEachCallback, AfterEachCallback {
    public final List<LogRecord> records = new ArrayList<>();
    private final SimpleFormatter formatter = new SimpleFormatter();

    @Override
    public synchronized void publish(LogRecord record) {
        records.add(record);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }

    public synchronized List<String> lines(Level level) {
        List<String> lines = new ArrayList<>();
        for (LogRecord r : records) {
            if (r.getLevel().equals(level)) {
                lines.add(formatter.formatMessage(r));
            }
        }
        return lines;
    }

    private final Logger root = Logger.getLogger("");
    private Level rootLevel;

    /** Sees every level of every logger (the library's included) until {@link #uninstall()}. */
    public void install() {
        rootLevel = root.getLevel();
        root.setLevel(Level.ALL);
        Logger.getLogger("com.playtcha").setLevel(Level.ALL);
        setLevel(Level.ALL);
        root.addHandler(this);
    }

    public void uninstall() {
        root.removeHandler(this);
        root.setLevel(rootLevel);
        Logger.getLogger("com.playtcha").setLevel(null);
    }

    public synchronized String everything() {
        StringBuilder all = new StringBuilder();
        for (LogRecord r : records) {
            all.append(formatter.format(r));
            if (r.getThrown() != null) {
                StringWriter trace = new StringWriter();
                r.getThrown().printStackTrace(new PrintWriter(trace));
                all.append(trace);
            }
        }
        return all.toString();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        install();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        uninstall();
    }
}
