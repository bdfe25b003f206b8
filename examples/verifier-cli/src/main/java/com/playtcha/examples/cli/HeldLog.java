package com.playtcha.examples.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Holds what one {@code java.util.logging} logger (and its children) logs, instead of passing it to
 * the console, until {@link #close()} puts the logger back as it was. The records stay available
 * from {@link #lines()}, one line each: level and message.
 */
final class HeldLog extends Handler implements AutoCloseable {

    private final Logger logger;
    private final boolean usedParentHandlers;
    private final List<String> lines = new ArrayList<>();

    private HeldLog(Logger logger) {
        this.logger = logger;
        this.usedParentHandlers = logger.getUseParentHandlers();
    }

    static HeldLog hold(String loggerName) {
        HeldLog held = new HeldLog(Logger.getLogger(loggerName));
        held.setLevel(Level.ALL);
        held.logger.addHandler(held);
        held.logger.setUseParentHandlers(false);
        return held;
    }

    @Override
    public synchronized void publish(LogRecord record) {
        if (isLoggable(record)) {
            lines.add(String.format("%-7s %s", record.getLevel(), new java.util.logging.SimpleFormatter().formatMessage(record)));
        }
    }

    synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
        logger.setUseParentHandlers(usedParentHandlers);
    }
}
