package com.playtcha.jakarta.internal.http;

import java.io.IOException;
import java.io.InputStream;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpMessage;
import org.apache.hc.core5.http.ProtocolException;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.impl.DefaultContentLengthStrategy;
import org.apache.hc.core5.http.impl.io.DefaultHttpResponseParser;
import org.apache.hc.core5.http.io.HttpMessageParser;
import org.apache.hc.core5.http.io.HttpMessageParserFactory;
import org.apache.hc.core5.http.io.SessionInputBuffer;
import org.apache.hc.core5.http.message.BasicHeader;

/**
 * How the pool's connections read where a reply starts and ends, when a connection's framing cannot
 * be trusted: HTTP/1.1 pairs a reply with its request by order alone, so bytes that arrive outside a
 * reply shift every later answer by one, and HttpClient would reuse the connection (its stale check
 * only looks for the end of the stream).
 *
 * <ul>
 *   <li>A reply framed by both {@code Content-Length} and {@code Transfer-Encoding} (the shape of
 *       response splitting, which RFC 9112 section 6.3 says ought to be handled as an error) fails
 *       its post as {@code bad_response}; the failed exchange drops the connection.</li>
 *   <li>Bytes already read from the connection when a reply is due were sent before that reply's
 *       request (HttpClient reads only to parse a reply, or when it checks a pooled connection before
 *       reuse): a reply nobody asked for, or the rest of an earlier one. They are skipped, never read
 *       as this post's answer, and the reply read after them is marked {@code Connection: close}, so
 *       the connection is dropped once it is read.</li>
 * </ul>
 *
 * <p>Bytes that arrive after a reply and are still in the socket (not yet read) when the next post
 * is written cannot be told from that post's reply without a blocking read before every post; the
 * pool's check of a connection idle for a second reads them, and then the rule above applies.
 *
 * <p>Why by hand: HttpClient has no switch for either check. Both plug into its public connection
 * factory ({@code ManagedHttpClientConnectionFactory}): the content-length strategy and the reply
 * parser, around its strict parser.
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
     * HttpClient's strict reply parser with {@code limits} (one per connection: it keeps state between
     * reads), skipping what was read before the reply was due. The configuration HttpClient passes is
     * ignored: httpcore 5.4 passes its default, which has no limits.
     */
    static HttpMessageParserFactory<ClassicHttpResponse> parsers(Http1Config limits) {
        return ignored -> {
            HttpMessageParser<ClassicHttpResponse> parser = new DefaultHttpResponseParser(limits);
            return (buffer, socket) -> parse(parser, buffer, socket);
        };
    }

    private static ClassicHttpResponse parse(HttpMessageParser<ClassicHttpResponse> parser, SessionInputBuffer buffer,
            InputStream socket) throws IOException, HttpException {
        int early = buffer.length();
        if (early == 0) {
            return parser.parse(buffer, socket);
        }
        buffer.read(new byte[early], socket); // only what is buffered: the reply itself is still to come
        ClassicHttpResponse reply = parser.parse(buffer, socket);
        if (reply != null) {
            reply.setHeader(CLOSE);
        }
        return reply;
    }
}
