package com.playtcha.jakarta.benchmarks;

import com.playtcha.jakarta.servlet.PlaytchaFilter;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;

/**
 * Variant E: the strongest filter a user would write by hand, the way Apache HttpClient 5's
 * documentation shows it: one shared classic client over a {@code PoolingHttpClientConnectionManager}
 * sized to the load (as many connections as PlaytchaFilter's default, per route and in all), a
 * connect and socket timeout in its {@code ConnectionConfig}, a connection-request (lease) and
 * response timeout in its {@code RequestConfig}, the request written and the reply read with JSON-B
 * (Yasson), a response handler so the connection goes back to the pool. It passes {@code success:
 * true} on, blocks a 4xx and fails open on anything else, as the vendor's example does; it has no
 * deadline over the whole exchange, no breaker, no ledger, no per-client budget. Like the other
 * hand-written filters it publishes PlaytchaFilter's outcome attribute, so the endpoint treats every
 * variant alike.
 */
final class ApacheClientFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;
    /** PlaytchaFilter's default pool size, so that both may hold as many verifies in flight. */
    static final int MAX_CONNECTIONS = 64;
    /** PlaytchaFilter's default lease timeout. */
    static final Duration LEASE_TIMEOUT = Duration.ofMillis(250);

    /** The request body. Public, for JSON-B. */
    public record VerifyRequest(String secret, String token) {
    }

    /** The parts of the reply this filter reads; JSON-B ignores the others. Public, for JSON-B. */
    public static class VerifyReply {
        public Boolean success;
    }

    private final transient URI verifyUrl;
    private final String secret;
    private final transient CloseableHttpClient client;
    private final transient Jsonb jsonb = JsonbBuilder.create();

    ApacheClientFilter(String secret, URI verifyUrl, Duration timeout) {
        this.secret = secret;
        this.verifyUrl = verifyUrl;
        client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(MAX_CONNECTIONS)
                        .setMaxConnPerRoute(MAX_CONNECTIONS)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.of(timeout))
                                .setSocketTimeout(Timeout.of(timeout))
                                .build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(Timeout.of(LEASE_TIMEOUT))
                        .setResponseTimeout(Timeout.of(timeout))
                        .build())
                .build();
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!"POST".equals(request.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        String token = request.getParameter("playtcha-token");
        if (token == null || token.isBlank()) {
            response.sendError(403);
            return;
        }
        int status = verify(token);
        if (status == 403) {
            response.sendError(403);
            return;
        }
        request.setAttribute(PlaytchaFilter.OUTCOME, status == 200 ? "verified" : "unavailable");
        chain.doFilter(request, response);
    }

    /** 200 verified, 403 rejected, 503 no verdict (fail open). */
    private int verify(String token) {
        HttpPost post = new HttpPost(verifyUrl);
        post.setEntity(new StringEntity(jsonb.toJson(new VerifyRequest(secret, token)), ContentType.APPLICATION_JSON));
        try {
            return client.execute(post, reply -> {
                int code = reply.getCode();
                if (code / 100 == 4) {
                    EntityUtils.consume(reply.getEntity());
                    return 403;
                }
                if (code / 100 != 2 || reply.getEntity() == null) {
                    EntityUtils.consume(reply.getEntity());
                    return 503;
                }
                VerifyReply body = jsonb.fromJson(reply.getEntity().getContent(), VerifyReply.class);
                return body != null && Boolean.TRUE.equals(body.success) ? 200 : 503;
            });
        } catch (IOException | JsonbException e) {
            return 503; // fail open
        }
    }

    @Override
    public void destroy() {
        client.close(CloseMode.GRACEFUL);
        try {
            jsonb.close();
        } catch (Exception e) {
            // closing at shutdown; nothing to do
        }
    }
}
