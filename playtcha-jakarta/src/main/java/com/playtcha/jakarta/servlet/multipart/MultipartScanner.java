package com.playtcha.jakarta.servlet.multipart;

import java.nio.charset.StandardCharsets;

/**
 * Finds one form field (the first part so named, not a file) in a {@code multipart/form-data} body as
 * it arrives, in one linear pass fed by {@link MultipartPrefix}; a body containers could read two ways
 * is {@link Verdict#REFUSED refused}. The rules: design/multipart.md.
 */
final class MultipartScanner {

    /** Where the scan stands; only {@link #MORE} asks for more bytes. */
    enum Verdict {
        /** Undecided: feed more bytes, if there are any. */
        MORE,
        /** The field was found: {@link #token()}. */
        FOUND,
        /** The body ended (closing delimiter) without the field. */
        ABSENT,
        /** The body is malformed or ambiguous: {@link #refusal()} says how. */
        REFUSED
    }

    private enum State { FIRST_DELIMITER, AFTER_DELIMITER, CLOSING, LINE_FEED, HEADERS, HEADER_LINE_FEED, CONTENT }

    private final DelimiterSearch delimiters;
    private final PartHeaders headers;

    private State state = State.FIRST_DELIMITER;
    private Verdict verdict = Verdict.MORE;
    private int position;
    private int lineStart;
    private int contentStart;
    private int tokenStart = -1;
    private int tokenEnd;
    private String token;
    private String refusal;
    private long examined;

    /** {@code dashBoundary}: from {@link DelimiterSearch#dashBoundary(String)}. */
    MultipartScanner(byte[] dashBoundary, String field) {
        this.delimiters = new DelimiterSearch(dashBoundary);
        this.headers = new PartHeaders(field);
    }

    /** Goes on from where the last call stopped, over {@code data[0, length)}: the whole body read so far. */
    Verdict scan(byte[] data, int length) {
        while (verdict == Verdict.MORE && position < length) {
            int at = position++;
            step(data, at, data[at]);
        }
        return verdict;
    }

    private void step(byte[] data, int at, byte b) {
        if (delimiters.endsAt(b)) {
            onDelimiter(data, at - delimiters.length() + 1);
            return;
        }
        switch (state) {
            case FIRST_DELIMITER -> {
                if (!delimiters.opensBodyWith(at, b)) {
                    refuse("the body does not start with the delimiter");
                }
            }
            case AFTER_DELIMITER, CLOSING, LINE_FEED -> afterDelimiter(data, at, b);
            case HEADERS, HEADER_LINE_FEED -> inHeaders(data, at, b);
            case CONTENT -> {
                // content is opaque; only the delimiter search looks at it
            }
        }
    }

    /** The two bytes after a delimiter: {@code --} ends the body, CRLF starts a part. */
    private void afterDelimiter(byte[] data, int at, byte b) {
        switch (state) {
            case AFTER_DELIMITER -> {
                if (b == '-') {
                    state = State.CLOSING;
                } else if (b == '\r') {
                    state = State.LINE_FEED;
                } else {
                    refuse("a delimiter is followed by neither CRLF nor --");
                }
            }
            case CLOSING -> {
                if (b != '-') {
                    refuse("a delimiter is followed by neither CRLF nor --");
                } else if (tokenStart >= 0) {
                    found(data);
                } else {
                    verdict = Verdict.ABSENT;
                }
            }
            default -> {
                if (b != '\n') {
                    refuse("a bare CR after a delimiter");
                } else if (tokenStart >= 0) {
                    found(data);
                } else {
                    startPart(at + 1);
                }
            }
        }
    }

    private void inHeaders(byte[] data, int at, byte b) {
        if (state == State.HEADERS) {
            if (b == '\r') {
                state = State.HEADER_LINE_FEED;
            } else if (b == '\n') {
                refuse("a bare LF in a part's headers");
            }
        } else if (b != '\n') {
            refuse("a bare CR in a part's headers");
        } else {
            endHeaderLine(data, at - 1, at + 1);
        }
    }

    private void onDelimiter(byte[] data, int start) {
        boolean first = state == State.FIRST_DELIMITER && start == 0;
        boolean afterContent = state == State.CONTENT && start >= contentStart + 2
                && data[start - 2] == '\r' && data[start - 1] == '\n';
        if (!first && !afterContent) {
            refuse("--boundary where no delimiter may be");
            return;
        }
        if (afterContent && headers.isField()) {
            tokenStart = contentStart;
            tokenEnd = start - 2;
        }
        delimiters.taken();
        state = State.AFTER_DELIMITER;
    }

    private void startPart(int headersStart) {
        state = State.HEADERS;
        lineStart = headersStart;
        headers.start();
    }

    /** A header line {@code data[lineStart, crAt)} is complete; {@code next} is the byte after its CRLF. */
    private void endHeaderLine(byte[] data, int crAt, int next) {
        int start = lineStart;
        lineStart = next;
        state = State.HEADERS;
        String refused;
        if (crAt == start) {
            refused = headers.end(data);
            if (refused == null) {
                state = State.CONTENT;
                contentStart = next;
            }
        } else {
            examined += crAt - start;
            refused = headers.line(data, start, crAt);
        }
        if (refused != null) {
            refuse(refused);
        }
    }

    private void found(byte[] data) {
        token = new String(data, tokenStart, tokenEnd - tokenStart, StandardCharsets.UTF_8);
        verdict = Verdict.FOUND;
    }

    private void refuse(String why) {
        refusal = why;
        verdict = Verdict.REFUSED;
    }

    /** The field's value once {@link Verdict#FOUND}, else {@code null}. */
    String token() {
        return token;
    }

    /** Why the body was refused, once {@link Verdict#REFUSED}. */
    String refusal() {
        return refusal;
    }

    /** Bytes compared so far, for the test that holds the scan linear. */
    long examined() {
        return examined + delimiters.examined();
    }
}
