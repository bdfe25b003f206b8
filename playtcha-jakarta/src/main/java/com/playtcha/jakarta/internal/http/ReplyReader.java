package com.playtcha.jakarta.internal.http;

import java.io.IOException;
import java.io.InputStream;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHeaders;

/**
 * Reads Playtcha's reply inside HttpClient's response handling, before it means anything: the
 * status, {@code Retry-After}, and at most {@value ReplyMapping#MAX_BODY_BYTES} bytes of body. A
 * longer body is not read at all: the exchange is cancelled, which drops the connection
 * (otherwise HttpClient would read the rest to keep the connection, however large it is).
 */
final class ReplyReader {

    private ReplyReader() {
    }

    /** What came back: status, Retry-After, and the body or {@code null} when over the cap. */
    record RawReply(int status, String retryAfter, byte[] body) {
    }

    static RawReply read(ClassicHttpResponse response, HttpPost post) throws IOException {
        int status = response.getCode();
        Header retryAfterHeader = response.getFirstHeader(HttpHeaders.RETRY_AFTER);
        String retryAfter = retryAfterHeader == null ? null : retryAfterHeader.getValue();
        HttpEntity entity = response.getEntity();
        byte[] body = new byte[0];
        if (entity != null) {
            long declared = entity.getContentLength();
            if (declared > ReplyMapping.MAX_BODY_BYTES) {
                throw oversized(post, status, retryAfter);
            }
            InputStream in = entity.getContent();
            // A declared length is read into an array of that size (a reply is ~150 bytes; reading
            // up to the cap allocates 8 KiB chunks), then one more byte proves the length true.
            body = declared >= 0 ? in.readNBytes((int) declared) : in.readNBytes(ReplyMapping.MAX_BODY_BYTES + 1);
            if (declared >= 0 && body.length == declared && in.read() != -1 || body.length > ReplyMapping.MAX_BODY_BYTES) {
                throw oversized(post, status, retryAfter);
            }
        }
        return new RawReply(status, retryAfter, body);
    }

    private static OversizedReply oversized(HttpPost post, int status, String retryAfter) {
        post.cancel();
        return new OversizedReply(status, retryAfter);
    }

    /** A reply over the cap: a control-flow signal, caught one frame up and mapped as a body of {@code null}. */
    static final class OversizedReply extends IOException {
        private static final long serialVersionUID = 1L;
        private final int status;
        private final transient String retryAfter;

        OversizedReply(int status, String retryAfter) {
            super("reply over " + ReplyMapping.MAX_BODY_BYTES + " bytes");
            this.status = status;
            this.retryAfter = retryAfter;
        }

        RawReply reply() {
            return new RawReply(status, retryAfter, null);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }
}
