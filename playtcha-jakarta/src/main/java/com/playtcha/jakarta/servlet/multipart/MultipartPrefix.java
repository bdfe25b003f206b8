package com.playtcha.jakarta.servlet.multipart;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.SequenceInputStream;
import java.io.UnsupportedEncodingException;
import java.lang.System.Logger.Level;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.ToLongFunction;

/**
 * Reads a multipart body just far enough to find one field (servlets without {@code @MultipartConfig}),
 * holding at most {@link #MAX_PREFIX_BYTES}, and hands the body on intact: the prefix, then the unread
 * rest. The reading is {@link MultipartField}'s, fed here from the servlet's stream. See design/multipart.md.
 */
public final class MultipartPrefix {

    /** The most of a body read to find the field: past it, the field counts as absent. */
    public static final int MAX_PREFIX_BYTES = MultipartField.MAX_PREFIX_BYTES;

    private static final System.Logger LOG = System.getLogger(MultipartPrefix.class.getName());
    private static final int CHUNK = 8 * 1024;

    /** The field's value (or {@code null}), and the request to continue with: a wrapper once the body was read. */
    public record Found(String token, HttpServletRequest request) {
    }

    /** Why a body gave no token: each its own log line, which any client may send at will, logged when the caller says. */
    public enum Unread { CHARSET, NO_BOUNDARY, REFUSED, PAST_PREFIX }

    /**
     * What was read: the field's value (or {@code null}), {@code bytes[0, length)} taken, and the work it took;
     * why the body was refused ({@code null}: it was not), and whether the prefix ran out before the field was found.
     */
    record Prefix(String token, byte[] bytes, int length, long work, String refusal, boolean pastPrefix) {
    }

    private MultipartPrefix() {
    }

    /**
     * The value of {@code field} in the multipart body of {@code request}, whose {@code contentType} is given,
     * and the request to hand on: a wrapper that replays what was read, or {@code request} itself when its
     * Content-Type has no single valid boundary (nothing read). Why a body gave no token is logged at INFO when
     * {@code due} answers a count (the lines since the last, this one included), else at DEBUG.
     */
    public static Found find(HttpServletRequest request, String contentType, String field, ToLongFunction<Unread> due)
            throws IOException {
        byte[] dashBoundary = DelimiterSearch.dashBoundary(contentType);
        if (dashBoundary == null) {
            log(due.applyAsLong(Unread.NO_BOUNDARY), "Multipart body not read: its Content-Type has no single valid "
                    + "boundary [content_type={0}, field={1}{2}]", printable(contentType), field);
            return new Found(null, request);
        }
        InputStream body = request.getInputStream();
        Prefix prefix = read(body, dashBoundary, field);
        if (prefix.refusal() != null) {
            log(due.applyAsLong(Unread.REFUSED), "Multipart body refused, no Playtcha token taken from it [reason={0}, "
                    + "bytes_read={1}, field={2}{3}]", prefix.refusal(), String.valueOf(prefix.length()), field);
        } else if (prefix.pastPrefix()) {
            log(due.applyAsLong(Unread.PAST_PREFIX), "No Playtcha token in the first {0} bytes of a multipart body "
                    + "[field={1}{2}]; put the token field before file inputs, send it in the header, or give the "
                    + "servlet @MultipartConfig", MAX_PREFIX_BYTES, field);
        }
        return new Found(prefix.token(), new Replayed(request, prefix, body));
    }

    /** {@code message} at INFO with ", count=N" as its last value when {@code since} is N over 0, else at DEBUG without. */
    private static void log(long since, String message, Object... values) {
        Object[] all = Arrays.copyOf(values, values.length + 1);
        all[values.length] = since > 0 ? ", count=" + since : "";
        LOG.log(since > 0 ? Level.INFO : Level.DEBUG, message, all);
    }

    /**
     * Reads {@code body} until the scanner decides, the body ends, or {@link #MAX_PREFIX_BYTES} are
     * held; the stream is left where reading stopped. The buffer grows fourfold up to the cap (why:
     * design/multipart.md).
     */
    static Prefix read(InputStream body, byte[] dashBoundary, String field) throws IOException {
        MultipartField found = new MultipartField(dashBoundary, field);
        while (found.wants()) {
            int room = found.room(CHUNK); // first: it may grow the buffer
            int read = body.read(found.buffer(), found.length(), room);
            if (read < 0) {
                found.end();
            } else {
                found.scanned(read);
            }
        }
        boolean refused = found.verdict() == MultipartScanner.Verdict.REFUSED;
        return new Prefix(found.token(), found.buffer(), found.length(), found.work(), refused ? found.refusal() : null,
                found.verdict() == MultipartScanner.Verdict.MORE && !found.ended());
    }

    /** The client chose this text: kept short and on one line in the log. */
    public static String printable(String text) {
        if (text == null) {
            return "";
        }
        String shown = text.length() > 200 ? text.substring(0, 200) + "..." : text;
        return shown.replaceAll("[^\\x20-\\x7e]", "?");
    }

    /** The request with its body as it was: the prefix read here, then the rest, unread. */
    private static final class Replayed extends HttpServletRequestWrapper {
        private final ServletInputStream replay;
        private boolean readerUsed;
        private boolean streamUsed;

        Replayed(HttpServletRequest request, Prefix prefix, InputStream rest) {
            super(request);
            SequenceInputStream both = new SequenceInputStream(
                    new ByteArrayInputStream(prefix.bytes(), 0, prefix.length()), rest);
            replay = new ServletInputStream() {
                private boolean finished;

                @Override
                public int read() throws IOException {
                    int b = both.read();
                    finished = b < 0;
                    return b;
                }

                @Override
                public int read(byte[] buffer, int offset, int len) throws IOException {
                    int n = both.read(buffer, offset, len);
                    finished = n < 0;
                    return n;
                }

                @Override
                public boolean isFinished() {
                    return finished;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new IllegalStateException("PlaytchaFilter read this multipart body to find the token; "
                            + "non-blocking reads of it are not supported (give the servlet @MultipartConfig)");
                }
            };
        }

        @Override
        public ServletInputStream getInputStream() {
            if (readerUsed) {
                throw new IllegalStateException("getReader() was already called");
            }
            streamUsed = true;
            return replay;
        }

        @Override
        public BufferedReader getReader() throws UnsupportedEncodingException {
            if (streamUsed) {
                throw new IllegalStateException("getInputStream() was already called");
            }
            readerUsed = true;
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.ISO_8859_1 : MultipartField.charset(encoding);
            if (charset == null) {
                // What the containers throw, a checked exception: Charset.forName's unchecked one is a 500.
                throw new UnsupportedEncodingException(encoding);
            }
            return new BufferedReader(new InputStreamReader(replay, charset));
        }
    }
}
