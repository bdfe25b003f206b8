package com.playtcha.jakarta.benchmarks.crossed;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.routing.DefaultRoutePlanner;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.util.Timeout;

/**
 * The scenarios' visitors: plain requests to the web application, each from a loopback source address
 * of its own choosing (all of 127.0.0.0/8 is loopback on Linux), so that the client budget, which keys
 * on the address, sees many visitors instead of one that runs out of its burst. No cookies are kept and
 * no redirect is followed: a login's session cookie is handed from its login page to its post by the
 * caller.
 */
final class Browser implements AutoCloseable {

    /** The visitors' addresses: 127.0.1.1 to 127.0.1.64. */
    static final List<InetAddress> SOURCES = sources(64);

    private static final String SOURCE = Browser.class.getName() + ".source";

    private final URI root;
    private final CloseableHttpClient client;
    private long sent;

    Browser(URI root) {
        this.root = root;
        this.client = HttpClients.custom()
                .setRoutePlanner(new DefaultRoutePlanner(null) {
                    @Override
                    protected InetAddress determineLocalAddress(HttpHost firstHop, HttpContext context) {
                        return (InetAddress) context.getAttribute(SOURCE);
                    }
                })
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(Timeout.ofSeconds(30)).build())
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .build();
    }

    private static List<InetAddress> sources(int count) {
        List<InetAddress> sources = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            try {
                sources.add(InetAddress.getByAddress(new byte[] {127, 0, 1, (byte) i}));
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
        return List.copyOf(sources);
    }

    /** The address of the {@code n}th visitor, in turn. */
    static InetAddress source(int n) {
        return SOURCES.get(n % SOURCES.size());
    }

    /** GETs {@code path}, relative to the application's root. */
    Reply get(String path, InetAddress source, String cookie) throws IOException {
        return send(new HttpGet(root.resolve(path)), source, cookie);
    }

    /** POSTs an urlencoded form of {@code fields} (name, value, name, value, ...). */
    Reply post(String path, InetAddress source, String cookie, String... fields) throws IOException {
        StringBuilder form = new StringBuilder();
        for (int i = 0; i < fields.length; i += 2) {
            form.append(form.length() == 0 ? "" : "&").append(URLEncoder.encode(fields[i], StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(fields[i + 1], StandardCharsets.UTF_8));
        }
        HttpPost post = new HttpPost(root.resolve(path));
        post.setEntity(new StringEntity(form.toString(), ContentType.APPLICATION_FORM_URLENCODED));
        return send(post, source, cookie);
    }

    /** How many requests were sent. */
    long sent() {
        return sent;
    }

    private Reply send(HttpUriRequestBase request, InetAddress source, String cookie) throws IOException {
        if (cookie != null) {
            request.addHeader("Cookie", cookie);
        }
        HttpClientContext context = HttpClientContext.create();
        context.setAttribute(SOURCE, source);
        sent++;
        return client.execute(request, context, response -> new Reply(response.getCode(), List.of(response.getHeaders()),
                response.getEntity() == null ? "" : EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8)));
    }

    @Override
    public void close() throws IOException {
        client.close();
    }

    /** One answer. */
    record Reply(int status, List<Header> headers, String body) {

        Optional<String> header(String name) {
            return headers.stream().filter(h -> h.getName().equalsIgnoreCase(name)).map(Header::getValue).findFirst();
        }

        /** The session cookie it sets, as a {@code Cookie} header value ({@code JSESSIONID=...}). */
        Optional<String> session() {
            return headers.stream().filter(h -> h.getName().equalsIgnoreCase("Set-Cookie")).map(Header::getValue)
                    .filter(v -> v.startsWith("JSESSIONID=")).map(v -> v.substring(0, v.indexOf(';') < 0 ? v.length() : v.indexOf(';')))
                    .findFirst();
        }

        @Override
        public String toString() {
            return status + " " + headers + " " + body;
        }
    }
}
