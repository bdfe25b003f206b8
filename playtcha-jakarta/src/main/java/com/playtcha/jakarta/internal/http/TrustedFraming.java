package com.playtcha.jakarta.internal.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketAddress;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.io.ManagedHttpClientConnection;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.EndpointDetails;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpMessage;
import org.apache.hc.core5.http.ProtocolException;
import org.apache.hc.core5.http.ProtocolVersion;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.impl.DefaultContentLengthStrategy;
import org.apache.hc.core5.http.impl.io.DefaultHttpResponseParserFactory;
import org.apache.hc.core5.http.io.HttpConnectionFactory;
import org.apache.hc.core5.http.io.HttpMessageParser;
import org.apache.hc.core5.http.io.SessionInputBuffer;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;

/**
 * The pool's connections, which are never used again once their framing cannot be trusted: HTTP/1.1
 * has no way to tell which request a reply answers other than order, so a byte that arrives outside
 * a reply shifts every later answer by one. HttpClient reuses such a connection (its stale check
 * only looks for the end of the stream), and the next verify would read those bytes, perhaps a
 * well-formed {@code success: true}, as its answer. So:
 *
 * <ul>
 *   <li>a reply with both {@code Content-Length} and {@code Transfer-Encoding} (two framings, the
 *       shape of response splitting, which RFC 9112 section 6.3 says ought to be handled as an
 *       error) fails its verify as {@code bad_response}, and the connection is dropped;</li>
 *   <li>a connection with bytes waiting when its reply has been read, or when it is validated, is
 *       not put back into the pool;</li>
 *   <li>a connection on which bytes arrived while it sat in the pool fails the post about to be
 *       sent on it before a byte of the post is written ({@code network_error}; not retried, as no
 *       post is) and is dropped.</li>
 * </ul>
 *
 * <p>Why by hand: HttpClient has no switch for either check, and its connection class is marked
 * internal. This wraps what its public {@link ManagedHttpClientConnectionFactory} makes, through the
 * public {@link ManagedHttpClientConnection} interface, and asks only non-blocking questions: what
 * the connection's input buffer holds and what the socket has waiting ({@link InputStream#available()};
 * over TLS the socket only counts bytes already decrypted, so there the buffer is the check).
 */
final class TrustedFraming implements ManagedHttpClientConnection {

    private final ManagedHttpClientConnection connection;
    /** The connection's input buffer, as its reply parser is handed it; {@code null} before the first reply. */
    private volatile SessionInputBuffer input;

    private TrustedFraming(ManagedHttpClientConnection connection) {
        this.connection = connection;
    }

    /** Makes the pool's connections with {@code limits} on reply heads, and the strict parser. */
    static HttpConnectionFactory<ManagedHttpClientConnection> factory(Http1Config limits) {
        DefaultHttpResponseParserFactory parsers = new DefaultHttpResponseParserFactory(limits);
        return socket -> {
            TrustedFraming[] made = new TrustedFraming[1];
            ManagedHttpClientConnection connection = ManagedHttpClientConnectionFactory.builder()
                    .http1Config(limits)
                    .incomingContentLengthStrategy(TrustedFraming::singleFraming)
                    .responseParserFactory(config -> {
                        HttpMessageParser<ClassicHttpResponse> parser = parsers.create(config);
                        return (buffer, in) -> {
                            made[0].input = buffer;
                            return parser.parse(buffer, in);
                        };
                    })
                    .build().createConnection(socket);
            made[0] = new TrustedFraming(connection);
            return made[0];
        };
    }

    private static long singleFraming(HttpMessage reply) throws HttpException {
        if (reply.containsHeader(HttpHeaders.TRANSFER_ENCODING) && reply.containsHeader(HttpHeaders.CONTENT_LENGTH)) {
            throw new ProtocolException("reply framed by both Content-Length and Transfer-Encoding");
        }
        return DefaultContentLengthStrategy.INSTANCE.determineLength(reply);
    }

    /** Whether bytes are waiting that no request asked for yet; never blocks. */
    private boolean bytesWaiting() {
        SessionInputBuffer buffer = input;
        if (buffer != null && buffer.length() > 0) {
            return true;
        }
        Socket socket = connection.getSocket();
        try {
            return socket != null && !socket.isClosed() && socket.getInputStream().available() > 0;
        } catch (IOException e) {
            return true; // a socket that cannot say is no socket to reuse
        }
    }

    /** Asked by the pool when a reply was read to its end: reusable only with nothing left over. */
    @Override
    public boolean isConsistent() {
        return connection.isConsistent() && !bytesWaiting();
    }

    @Override
    public boolean isStale() throws IOException {
        return connection.isStale() || bytesWaiting();
    }

    @Override
    public void sendRequestHeader(ClassicHttpRequest request) throws HttpException, IOException {
        if (bytesWaiting()) {
            connection.close(CloseMode.IMMEDIATE);
            throw new IOException("bytes arrived on a pooled connection before a post was sent on it; dropped");
        }
        connection.sendRequestHeader(request);
    }

    @Override
    public void bind(Socket socket) throws IOException {
        connection.bind(socket);
    }

    @Override
    public void bind(SSLSocket sslSocket, Socket socket) throws IOException {
        connection.bind(sslSocket, socket);
    }

    @Override
    public Socket getSocket() {
        return connection.getSocket();
    }

    @Override
    public SSLSession getSSLSession() {
        return connection.getSSLSession();
    }

    @Override
    public void passivate() {
        connection.passivate();
    }

    @Override
    public void activate() {
        connection.activate();
    }

    @Override
    public void terminateRequest(ClassicHttpRequest request) throws HttpException, IOException {
        connection.terminateRequest(request);
    }

    @Override
    public void sendRequestEntity(ClassicHttpRequest request) throws HttpException, IOException {
        connection.sendRequestEntity(request);
    }

    @Override
    public ClassicHttpResponse receiveResponseHeader() throws HttpException, IOException {
        return connection.receiveResponseHeader();
    }

    @Override
    public void receiveResponseEntity(ClassicHttpResponse response) throws HttpException, IOException {
        connection.receiveResponseEntity(response);
    }

    @Override
    public boolean isDataAvailable(Timeout timeout) throws IOException {
        return connection.isDataAvailable(timeout);
    }

    @Override
    public void flush() throws IOException {
        connection.flush();
    }

    @Override
    public EndpointDetails getEndpointDetails() {
        return connection.getEndpointDetails();
    }

    @Override
    public SocketAddress getLocalAddress() {
        return connection.getLocalAddress();
    }

    @Override
    public SocketAddress getRemoteAddress() {
        return connection.getRemoteAddress();
    }

    @Override
    public ProtocolVersion getProtocolVersion() {
        return connection.getProtocolVersion();
    }

    @Override
    public boolean isOpen() {
        return connection.isOpen();
    }

    @Override
    public Timeout getSocketTimeout() {
        return connection.getSocketTimeout();
    }

    @Override
    public void setSocketTimeout(Timeout timeout) {
        connection.setSocketTimeout(timeout);
    }

    @Override
    public void close(CloseMode mode) {
        connection.close(mode);
    }

    @Override
    public void close() throws IOException {
        connection.close();
    }

    @Override
    public String toString() {
        return connection.toString();
    }
}
