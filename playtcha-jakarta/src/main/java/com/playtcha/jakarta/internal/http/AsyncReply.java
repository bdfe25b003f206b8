package com.playtcha.jakarta.internal.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.HttpStatus;
import org.apache.hc.core5.http.ProtocolException;
import org.apache.hc.core5.http.nio.AsyncResponseConsumer;
import org.apache.hc.core5.http.nio.CapacityChannel;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * Reads Playtcha's reply on the non-blocking path as {@link ReplyReader} reads it on the blocking one, and
 * with the framing rules {@link ReplyFraming} gives the pooled connections there: the status,
 * {@code Retry-After}, and at most {@value ReplyMapping#MAX_BODY_BYTES} bytes of body as it arrives; a
 * longer body ends the exchange ({@link ReplyReader.OversizedReply}), which drops the connection. A reply
 * framed by both {@code Content-Length} and {@code Transfer-Encoding}, or a {@code 101}, is no reply
 * (a {@link ProtocolException}, {@code bad_response}); other interim replies are read past. The charset a
 * reply names is not read here: {@link ReplyMapping} reads the bytes, as on the blocking path. One per post.
 */
final class AsyncReply implements AsyncResponseConsumer<ReplyReader.RawReply> {

    private static final byte[] NONE = new byte[0];

    private volatile FutureCallback<ReplyReader.RawReply> done;
    private volatile int status;
    private volatile String retryAfter;
    /** Written by the one I/O thread that reads the body. */
    private byte[] body = NONE;
    private int length;

    @Override
    public void consumeResponse(HttpResponse response, EntityDetails entity, HttpContext context,
            FutureCallback<ReplyReader.RawReply> callback) throws HttpException, IOException {
        status = response.getCode();
        Header header = response.getFirstHeader(HttpHeaders.RETRY_AFTER);
        retryAfter = header == null ? null : header.getValue();
        if (response.containsHeader(HttpHeaders.TRANSFER_ENCODING) && response.containsHeader(HttpHeaders.CONTENT_LENGTH)) {
            throw new ProtocolException("reply framed by both Content-Length and Transfer-Encoding");
        }
        if (entity == null) {
            callback.completed(new ReplyReader.RawReply(status, retryAfter, NONE));
            return;
        }
        long declared = entity.getContentLength();
        if (declared > ReplyMapping.MAX_BODY_BYTES) {
            throw new ReplyReader.OversizedReply(status, retryAfter);
        }
        body = new byte[declared >= 0 ? (int) declared : 256];
        done = callback;
    }

    /** A {@code 101} is refused as the blocking path's parser refuses it; other interim replies are read past. */
    @Override
    public void informationResponse(HttpResponse response, HttpContext context) throws HttpException {
        if (response.getCode() == HttpStatus.SC_SWITCHING_PROTOCOLS) {
            throw new ProtocolException("101 Switching Protocols, but no post asks to upgrade");
        }
    }

    @Override
    public void updateCapacity(CapacityChannel channel) throws IOException {
        channel.update(ReplyMapping.MAX_BODY_BYTES + 1);
    }

    @Override
    public void consume(ByteBuffer src) throws IOException {
        int n = src.remaining();
        if (length + n > ReplyMapping.MAX_BODY_BYTES) {
            throw new ReplyReader.OversizedReply(status, retryAfter);
        }
        if (length + n > body.length) {
            body = Arrays.copyOf(body, Math.min(ReplyMapping.MAX_BODY_BYTES, Math.max(2 * body.length, length + n)));
        }
        src.get(body, length, n);
        length += n;
    }

    @Override
    public void streamEnd(List<? extends Header> trailers) {
        done.completed(new ReplyReader.RawReply(status, retryAfter, length == body.length ? body : Arrays.copyOf(body, length)));
    }

    @Override
    public void failed(Exception cause) {
        // the post's own callback hears it
    }

    @Override
    public void releaseResources() {
        // nothing held
    }
}
