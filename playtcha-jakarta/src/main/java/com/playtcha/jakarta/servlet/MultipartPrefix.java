package com.playtcha.jakarta.servlet;

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
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a multipart body just far enough to find one field, for servlets without
 * {@code @MultipartConfig}, and puts what it read back: the request that goes on replays the prefix
 * and then the unread rest. Only the prefix is held in memory, at most {@link #MAX_PREFIX_BYTES}:
 * a token field after a larger file is not found (the request is rejected {@code missing_token},
 * and the log says why). Browsers send fields in document order, so a token input placed before
 * the file inputs costs only a few hundred bytes.
 */
final class MultipartPrefix {

    static final int MAX_PREFIX_BYTES = 1024 * 1024;

    private static final System.Logger LOG = System.getLogger(MultipartPrefix.class.getName());
    private static final Pattern BOUNDARY = Pattern.compile("(?i)boundary=(?:\"([^\"]{1,70})\"|([^;\\s]{1,70}))");
    private static final Pattern NAME = Pattern.compile("(?i)content-disposition:[^\\r\\n]*?;\\s*name=\"([^\"]*)\"");
    private static final int CHUNK = 8 * 1024;

    private MultipartPrefix() {
    }

    static TokenFinder.Found find(HttpServletRequest request, String contentType, String field) throws IOException {
        Matcher boundaryMatch = BOUNDARY.matcher(contentType);
        if (!boundaryMatch.find()) {
            return new TokenFinder.Found(null, request);
        }
        String boundary = boundaryMatch.group(1) != null ? boundaryMatch.group(1) : boundaryMatch.group(2);
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        InputStream body = request.getInputStream();
        byte[] prefix = new byte[0];
        int length = 0;
        String token = null;
        boolean exhausted = false;
        while (token == null && !exhausted && length < MAX_PREFIX_BYTES) {
            if (prefix.length - length < CHUNK) {
                prefix = Arrays.copyOf(prefix, Math.min(MAX_PREFIX_BYTES, Math.max(2 * prefix.length, length + CHUNK)));
            }
            int read = body.read(prefix, length, Math.min(CHUNK, prefix.length - length));
            if (read < 0) {
                exhausted = true;
            } else {
                length += read;
            }
            token = scan(prefix, length, delimiter, field);
        }
        if (token == null && !exhausted) {
            LOG.log(System.Logger.Level.INFO, "No Playtcha token in the first {0} bytes of a multipart body "
                    + "[field={1}]; put the token field before file inputs, send it in the header, or give the "
                    + "servlet @MultipartConfig", MAX_PREFIX_BYTES, field);
        }
        return new TokenFinder.Found(token, new Replayed(request, Arrays.copyOf(prefix, length), body));
    }

    /** The field's value if its part is complete within {@code data[0, length)}, else {@code null}. */
    static String scan(byte[] data, int length, byte[] delimiter, String field) {
        int at = indexOf(data, length, delimiter, 0);
        while (at >= 0) {
            int headersStart = at + delimiter.length;
            if (headersStart + 2 <= length && data[headersStart] == '-' && data[headersStart + 1] == '-') {
                return null; // the closing delimiter: no more parts
            }
            int headersEnd = indexOf(data, length, new byte[] {'\r', '\n', '\r', '\n'}, headersStart);
            if (headersEnd < 0) {
                return null;
            }
            int valueStart = headersEnd + 4;
            int next = indexOf(data, length, concat(new byte[] {'\r', '\n'}, delimiter), valueStart);
            if (next < 0) {
                return null;
            }
            String headers = new String(data, headersStart, headersEnd - headersStart, StandardCharsets.UTF_8);
            Matcher name = NAME.matcher(headers);
            if (name.find() && name.group(1).equals(field) && !headers.toLowerCase(Locale.ROOT).contains("filename=")) {
                return new String(data, valueStart, next - valueStart, StandardCharsets.UTF_8);
            }
            at = next + 2;
        }
        return null;
    }

    private static int indexOf(byte[] data, int length, byte[] needle, int from) {
        outer:
        for (int i = Math.max(0, from); i <= length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    /** The request with its body as it was: the prefix read here, then the rest, unread. */
    private static final class Replayed extends HttpServletRequestWrapper {
        private final ServletInputStream replay;
        private boolean readerUsed;
        private boolean streamUsed;

        Replayed(HttpServletRequest request, byte[] prefix, InputStream rest) {
            super(request);
            SequenceInputStream both = new SequenceInputStream(new ByteArrayInputStream(prefix), rest);
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
        public BufferedReader getReader() {
            if (streamUsed) {
                throw new IllegalStateException("getInputStream() was already called");
            }
            readerUsed = true;
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.ISO_8859_1 : Charset.forName(encoding);
            return new BufferedReader(new InputStreamReader(replay, charset));
        }
    }
}
