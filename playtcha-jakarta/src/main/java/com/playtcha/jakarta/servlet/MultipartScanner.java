package com.playtcha.jakarta.servlet;

import java.nio.charset.StandardCharsets;

/**
 * Finds one form field in a {@code multipart/form-data} body as it arrives, in one pass: every byte
 * is looked at a bounded number of times however the body is split into reads, so a client cannot
 * buy CPU with a hostile boundary or by sending a few bytes at a time; nor memory: parts and header
 * lines are read in place ({@link PartHeaders}), and only the field's value becomes a string. {@link MultipartPrefix} feeds
 * it; the body is held by the caller, who passes everything read so far on each call.
 *
 * <h2>What is read, and what is refused</h2>
 * The filter must verify the token the application will read, so where the RFCs (2046, 7578) allow
 * a reading that a container does not share, or Jetty 12 and Tomcat 10.1 disagree, the body is
 * <em>refused</em>: no token, so the request is rejected {@code missing_token} (a 4xx). Refusing is
 * always safe; guessing is not. No browser sends any of the refused shapes.
 * {@code MultipartDifferentialTest} holds these rules to both containers' own parsers; what they
 * were seen to do is said in brackets.
 * <ul>
 *   <li>The {@code Content-Type} is {@code multipart/form-data} with exactly one {@code boundary}
 *       parameter of 1 to 70 RFC 2046 bchars, not ending in a space ({@link DelimiterSearch#dashBoundary}; the
 *       parameter syntax is {@link HeaderParameters}'s). Type and parameter names are
 *       case-insensitive as RFC 9110 says (Jetty refuses an upper-case {@code BOUNDARY}, Tomcat
 *       reads it).</li>
 *   <li>The body starts with the first delimiter {@code --boundary}; a preamble is refused (both
 *       skip one, but Tomcat finds {@code --boundary} anywhere in it, Jetty only at a line
 *       start).</li>
 *   <li>Every later delimiter is CRLF {@code --boundary} followed by {@code --} (the end) or CRLF.
 *       Transport padding (spaces or tabs before the CRLF) is refused: RFC 2046 allows it and Jetty
 *       reads it, Tomcat does not. So is anything else after {@code --boundary} (Jetty refuses the
 *       body, Tomcat reads on).</li>
 *   <li>Lines end in CRLF. LF-only bodies are refused (Jetty reads them, Tomcat refuses them), and
 *       so is {@code --boundary} anywhere but at the body's start or after a CRLF in a part's
 *       content (after a bare LF, in a header, inside a value), where the two part ways.</li>
 *   <li>A header line is {@code name: value}, the name a token from the start of the line, compared
 *       case-insensitively ({@code X-Content-Disposition} is another header). A bare CR or LF, a
 *       folded line (Tomcat unfolds, Jetty refuses), a line without a colon or with a space before
 *       it is refused.</li>
 *   <li>Each part has one {@code Content-Disposition}: {@code form-data} with a {@code name} and
 *       perhaps a {@code filename}. A second one (Jetty reads the last, Tomcat the first), another
 *       disposition type ({@code form-datax} is form-data to both, {@code attachment} is a field to
 *       Jetty only), another parameter ({@code filename*}: a file to neither) or none at all is
 *       refused.</li>
 *   <li>The field is the first part named exactly {@code field}, as {@code getPart} answers in both
 *       containers. If that part has a {@code filename} it is a file, which {@code getPart} would
 *       hand the application and {@code getParameter} would not: refused. Its headers may only be
 *       {@code Content-Disposition} and {@code Content-Type}: some parsers decode a
 *       {@code Content-Transfer-Encoding} (Jetty 9's legacy mode did; Jetty 12 and Tomcat hand over
 *       the encoded bytes). Its {@code Content-Type}, if it has one (two are refused: which would
 *       the container read?), is a media type whose
 *       {@code charset}, if named, is one the JVM knows (Jetty fails the parts on
 *       {@code charset=x-unknown}; the body's own charset is {@link TokenFinder}'s to judge). Its
 *       value is the bytes up to the CRLF of the next delimiter, taken only once the two bytes after
 *       that delimiter are seen to be {@code --} or CRLF.</li>
 *   <li>A closing delimiter before the field: no token.</li>
 * </ul>
 * What follows the field is not read, so a body broken after it still gives the token; the
 * containers were seen to refuse such a body whole, so the application reads no other value.
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

    /**
     * @param dashBoundary {@code --} and the boundary, from {@link DelimiterSearch#dashBoundary(String)}
     * @param field the form field's name
     */
    MultipartScanner(byte[] dashBoundary, String field) {
        this.delimiters = new DelimiterSearch(dashBoundary);
        this.headers = new PartHeaders(field);
    }

    /**
     * Goes on from where the last call stopped, over {@code data[0, length)}: the whole body read so
     * far (the same bytes as before, and perhaps more).
     */
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
