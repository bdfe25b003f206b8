package com.playtcha.jakarta.internal.http;

import java.io.IOException;
import java.io.InputStream;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpMessage;
import org.apache.hc.core5.http.HttpStatus;
import org.apache.hc.core5.http.ProtocolException;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.impl.DefaultContentLengthStrategy;
import org.apache.hc.core5.http.impl.io.DefaultHttpResponseParser;
import org.apache.hc.core5.http.io.HttpMessageParser;
import org.apache.hc.core5.http.io.HttpMessageParserFactory;
import org.apache.hc.core5.http.io.SessionInputBuffer;
import org.apache.hc.core5.http.message.BasicHeader;

/**
 * How the pool's connections read where a reply starts and ends when its framing cannot be trusted: a
 * double framing or a {@code 101} is {@code bad_response}; stray bytes before a head are skipped and
 * close the connection after; 1xx are read past. The rules: docs/behaviour.md. Why: design/engine.md.
 */
final class ReplyFraming {

    private static final BasicHeader CLOSE = new BasicHeader(HttpHeaders.CONNECTION, "close");

    private ReplyFraming() {
    }

    /** The body's length as HttpClient's default strategy reads it, once there is only one framing. */
    static long length(HttpMessage reply) throws HttpException {
        if (reply.containsHeader(HttpHeaders.TRANSFER_ENCODING) && reply.containsHeader(HttpHeaders.CONTENT_LENGTH)) {
            throw new ProtocolException("reply framed by both Content-Length and Transfer-Encoding");
        }
        return DefaultContentLengthStrategy.INSTANCE.determineLength(reply);
    }

    /**
     * HttpClient's strict reply parser with {@code limits} (one per connection), skipping what was read
     * before the reply was due; the configuration HttpClient passes (without limits) is ignored.
     */
    static HttpMessageParserFactory<ClassicHttpResponse> parsers(Http1Config limits) {
        return ignored -> new ReplyHeads(new DefaultHttpResponseParser(limits));
    }

    /** One connection's reply heads, once per head, interim ones included (what follows one is the same exchange's). */
    private static final class ReplyHeads implements HttpMessageParser<ClassicHttpResponse> {
        private final HttpMessageParser<ClassicHttpResponse> strict;
        /** The last head read was an interim reply: the exchange goes on. */
        private boolean interim;
        /** This exchange began by skipping bytes: its final reply closes the connection. */
        private boolean skipped;

        ReplyHeads(HttpMessageParser<ClassicHttpResponse> strict) {
            this.strict = strict;
        }

        @Override
        public ClassicHttpResponse parse(SessionInputBuffer buffer, InputStream socket) throws IOException, HttpException {
            if (!interim) {
                skipped = skipEarly(buffer, socket);
            }
            interim = false;
            ClassicHttpResponse reply = strict.parse(buffer, socket);
            if (reply == null) {
                return null;
            }
            int status = reply.getCode();
            if (status == HttpStatus.SC_SWITCHING_PROTOCOLS) {
                // HttpClient would read past it like any 1xx; no post asks to upgrade, and what follows is not HTTP/1.1.
                throw new ProtocolException("101 Switching Protocols, but no post asks to upgrade");
            }
            interim = status >= HttpStatus.SC_INFORMATIONAL && status < HttpStatus.SC_SUCCESS;
            if (!interim && skipped) {
                reply.setHeader(CLOSE);
            }
            return reply;
        }

        /** Skips what is buffered when a new exchange's first head is due; whether there was any. */
        private static boolean skipEarly(SessionInputBuffer buffer, InputStream socket) throws IOException {
            int early = buffer.length();
            if (early == 0) {
                return false;
            }
            buffer.read(new byte[early], socket); // only what is buffered: the reply itself is still to come
            return true;
        }
    }
}
