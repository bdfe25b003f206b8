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

/** Captures every record of every logger at every level, formatted as a log file would show it. */
public final class LogCapture extends Handler {
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
}
