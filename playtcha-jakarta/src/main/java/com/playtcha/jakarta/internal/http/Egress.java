package com.playtcha.jakarta.internal.http;

import com.playtcha.jakarta.core.InvalidSettingException;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.Setting;
import java.io.IOException;
import java.net.ProxySelector;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Collections;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.apache.hc.client5.http.async.AsyncExecChainHandler;
import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.CredentialsProvider;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.client5.http.impl.routing.DefaultProxyRoutePlanner;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.routing.HttpRoutePlanner;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.HttpHost;

/**
 * The way out to Playtcha: the proxy ({@code playtcha.proxy.*}, else the JVM's {@link ProxySelector}),
 * its credentials (for its 407 only), and the CAs TLS trusts (the JDK's plus a trust store's). Why:
 * design/engine.md.
 */
final class Egress {

    private Egress() {
    }

    /** Our proxy, or the JVM's {@link ProxySelector} as before. */
    static HttpRoutePlanner routePlanner(PlaytchaSettings.Proxy proxy) {
        return proxy.configured() ? new DefaultProxyRoutePlanner(new HttpHost("http", proxy.host(), proxy.port()))
                : new JvmProxyRoute(ProxySelector.getDefault(), JvmProxyRoute.RECHECK_NANOS);
    }

    /** The proxy's credentials, for its own host and port only; empty without a proxy user. */
    static CredentialsProvider credentials(PlaytchaSettings.Proxy proxy) {
        BasicCredentialsProvider credentials = new BasicCredentialsProvider();
        if (proxy.configured() && proxy.user() != null) {
            credentials.setCredentials(new AuthScope(new HttpHost("http", proxy.host(), proxy.port()), null, null),
                    new UsernamePasswordCredentials(proxy.user(), proxy.password().toCharArray()));
        }
        return credentials;
    }

    /** A post's context, which learns whether its connection (and any tunnel) reached the server. */
    static final class PostContext extends HttpClientContext {
        /** Volatile: on the non-blocking path it is set on one I/O thread and read on another. */
        private volatile boolean reachedServer;

        /** Whether this post's reply came from the server, not from a proxy that refused its tunnel. */
        boolean reachedServer() {
            return reachedServer;
        }
    }

    /** Runs after the connect step: reaching it means the connection (and any tunnel) reached the server. */
    static ExecChainHandler reachedServer() {
        return (request, scope, chain) -> {
            if (scope.clientContext instanceof PostContext post) {
                post.reachedServer = true;
            }
            return chain.proceed(request, scope);
        };
    }

    /** {@link #reachedServer()} for the non-blocking posts' chain. */
    static AsyncExecChainHandler reachedServerAsync() {
        return (request, entity, scope, chain, callback) -> {
            if (scope.clientContext instanceof PostContext post) {
                post.reachedServer = true;
            }
            chain.proceed(request, entity, scope, callback);
        };
    }

    /** TLS trusting the JDK's CAs and the trust store's, or {@code null} (HttpClient's default) without one; both pools take it. */
    static DefaultClientTlsStrategy tls(PlaytchaSettings.TrustStore trustStore) {
        if (!trustStore.configured()) {
            return null;
        }
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trustManagers(trustStore.load()), null);
            // Not ClientTlsStrategyBuilder.buildClassic(): HttpClient 5.4 has no such method.
            return new DefaultClientTlsStrategy(context);
        } catch (GeneralSecurityException | IOException e) {
            throw new InvalidSettingException(Setting.TRUST_STORE_PATH,
                    "cannot be used for TLS (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
    }

    /** One PKIX trust manager over the JDK's trusted CAs plus the store's certificate entries. */
    static TrustManager[] trustManagers(KeyStore extra) throws GeneralSecurityException, IOException {
        KeyStore merged = KeyStore.getInstance("PKCS12");
        merged.load(null, null);
        int n = 0;
        for (X509Certificate ca : jdkTrust().getAcceptedIssuers()) {
            merged.setCertificateEntry("jdk-" + n++, ca);
        }
        for (String alias : Collections.list(extra.aliases())) {
            if (extra.isCertificateEntry(alias)) {
                merged.setCertificateEntry("store-" + alias, extra.getCertificate(alias));
            }
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(merged);
        return factory.getTrustManagers();
    }

    private static X509TrustManager jdkTrust() throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("the JDK has no X.509 trust manager");
    }
}
