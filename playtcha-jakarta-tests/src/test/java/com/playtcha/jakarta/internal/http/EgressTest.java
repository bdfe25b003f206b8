package com.playtcha.jakarta.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.Decision;
import com.playtcha.jakarta.core.FailMode;
import com.playtcha.jakarta.core.LogCapture;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.TestSettings;
import com.playtcha.jakarta.core.TrustStoreFiles;
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.testing.Fault;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verifier behind an enterprise proxy, against a real forwarding proxy on 127.0.0.1
 * ({@link ForwardingProxy}) and the simulator: plain http forwarded, https tunnelled with CONNECT to
 * the simulator behind TLS ({@link TlsFront}) whose certificate only the configured trust store
 * vouches for; the proxy's Basic challenge answered, wrong credentials a clear unavailable result
 * that fails open or closed and counts for the breaker; a proxy that is down or silent unavailable
 * within the budget; the passwords nowhere in logs, results or {@code toString()}.
 */
class EgressTest {

    private static final String USER = "svc-playtcha";
    private static final String PASSWORD = "proxy-pw-5e6f7a8b";
    private static final String STORE_PASSWORD = "store-pw-1c2d3e";
    /**
     * Long: no test here is about the budget but the silent proxy's, which has its own. With 2 s, a TLS handshake
     * beside other builds (load 28) was still under way when the budget ran out: a timeout, not the handshake's failure.
     */
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @RegisterExtension
    static final PlaytchaSimulatorExtension PLAYTCHA = new PlaytchaSimulatorExtension();
    @RegisterExtension
    final LogCapture log = new LogCapture();
    @TempDir
    static Path directory;
    private static Path trustStore;

    private ForwardingProxy proxy;
    private TlsFront tls;

    @BeforeAll
    static void writeTrustStore() throws Exception {
        trustStore = TrustStoreFiles.write(directory, "proxy-ca.p12", "PKCS12", STORE_PASSWORD);
    }

    @AfterEach
    void stop() throws IOException {
        if (proxy != null) {
            proxy.close();
        }
        if (tls != null) {
            tls.close();
        }
    }

    private PlaytchaSettings settings(URI apiUrl, UnaryOperator<PlaytchaSettings.Builder> more) {
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        return more.apply(PlaytchaSettings.builder(sim.secret()).apiUrl(apiUrl).timeout(TIMEOUT).breakerEnabled(false)
                .proxyHost("127.0.0.1").proxyPort(proxy.port())).build();
    }

    private static VerificationResult verifyOnce(PostPath path, PlaytchaSettings settings, String token) {
        try (PlaytchaVerifier verifier = PlaytchaVerifier.create(settings)) {
            return path.ask(verifier, token);
        }
    }

    private PlaytchaSettings https(String user, String password, UnaryOperator<PlaytchaSettings.Builder> more) {
        tls = tlsFront();
        return settings(tls.url(), b -> more.apply(b.proxyUser(user).proxyPassword(password)
                .trustStorePath(trustStore).trustStorePassword(STORE_PASSWORD)));
    }

    private static TlsFront tlsFront() {
        try {
            return TlsFront.start(PLAYTCHA.simulator().port());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest
    @EnumSource(PostPath.class)
    void plainHttp_isForwardedByTheProxy_toPlaytcha(PostPath path) throws Exception {
        proxy = ForwardingProxy.start(null, null);
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        String token = sim.mintToken();

        VerificationResult result = verifyOnce(path, settings(sim.url(), b -> b), token);

        assertInstanceOf(VerificationResult.Verified.class, result, result::toString);
        assertEquals(1, proxy.forwards.get());
        assertEquals(1, sim.callCount(token));
    }

    @ParameterizedTest
    @EnumSource(PostPath.class)
    void https_goesThroughACONNECTTunnel_withBasicAuth_andTrustsTheStoresCa(PostPath path) throws Exception {
        proxy = ForwardingProxy.start(USER, PASSWORD);
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        String token = sim.mintToken();
        PlaytchaSettings settings = https(USER, PASSWORD, b -> b);

        VerificationResult result = verifyOnce(path, settings, token);

        assertInstanceOf(VerificationResult.Verified.class, result, result::toString);
        assertEquals(1, proxy.tunnels.get(), "one CONNECT tunnel");
        assertEquals(0, proxy.forwards.get(), "https is never forwarded in the clear");
        assertEquals(1, proxy.challenges.get(), "the first CONNECT is challenged, the second answers it");
        assertEquals(List.of(basic(USER, PASSWORD)), proxy.proxyAuthorizations);
        assertEquals(1, sim.callCount(token));
        assertPasswordsNowhere(settings, result);
    }

    @ParameterizedTest
    @EnumSource(PostPath.class)
    void https_withoutTheTrustStore_failsTheHandshake_asANetworkError(PostPath path) throws Exception {
        proxy = ForwardingProxy.start(null, null);
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        tls = tlsFront();
        String token = sim.mintToken();

        VerificationResult result = verifyOnce(path, settings(tls.url(), b -> b), token);

        assertEquals(VerificationResult.NETWORK_ERROR, result.errorCode(), result::toString);
        assertEquals(1, proxy.tunnels.get());
        assertEquals(0, sim.callCount(token));
    }

    @ParameterizedTest
    @EnumSource(PostPath.class)
    void wrongCredentials_areProxyAuthFailed_failOpenOrClosed_andCountedByTheBreaker(PostPath path) throws Exception {
        proxy = ForwardingProxy.start(USER, PASSWORD);
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        PlaytchaSettings settings = https(USER, "wrong-" + PASSWORD,
                b -> b.breakerEnabled(true).breakerFailures(2).breakerCoolDown(Duration.ofMinutes(5)));

        try (PlaytchaVerifier verifier = PlaytchaVerifier.create(settings)) {
            VerificationResult first = path.ask(verifier, sim.mintToken());
            VerificationResult second = path.ask(verifier, sim.mintToken());
            int asked = proxy.tunnels.get() + proxy.challenges.get();
            VerificationResult third = path.ask(verifier, sim.mintToken());

            VerificationResult.Unavailable failed = assertInstanceOf(VerificationResult.Unavailable.class, first);
            assertEquals(VerificationResult.PROXY_AUTH_FAILED, failed.code(), failed::toString);
            assertTrue(failed.message().contains("407"), failed::message);
            assertEquals(VerificationResult.PROXY_AUTH_FAILED, second.errorCode());
            assertEquals(VerificationResult.CIRCUIT_OPEN, third.errorCode(), "two in a row open the breaker");
            assertEquals(asked, proxy.tunnels.get() + proxy.challenges.get(), "an open breaker asks the proxy nothing");
            Decision open = Decision.of(first, FailMode.OPEN, settings.mode(), settings.rejectStatus());
            assertTrue(open.proceeds() && open.failedOpen(), open::toString);
            Decision closed = Decision.of(first, FailMode.CLOSED, settings.mode(), settings.rejectStatus());
            assertEquals(503, closed.status(), closed::toString);
            assertFalse(closed.proceeds());
            assertPasswordsNowhere(settings, first);
        }
        assertEquals(0, sim.callCount(), "Playtcha is never reached");
    }

    @ParameterizedTest
    @EnumSource(PostPath.class)
    void forwardingProxy_refusingCredentials_orWantingThemUnset_isProxyAuthFailed(PostPath path) throws Exception {
        proxy = ForwardingProxy.start(USER, PASSWORD);
        PlaytchaSimulator sim = PLAYTCHA.simulator();

        VerificationResult wrong = verifyOnce(path, settings(sim.url(), b -> b.proxyUser(USER).proxyPassword("nope")), sim.mintToken());
        VerificationResult none = verifyOnce(path, settings(sim.url(), b -> b), sim.mintToken());

        assertEquals(VerificationResult.PROXY_AUTH_FAILED, wrong.errorCode(), wrong::toString);
        assertEquals(VerificationResult.PROXY_AUTH_FAILED, none.errorCode(), none::toString);
        assertEquals(0, proxy.forwards.get());
        assertEquals(0, sim.callCount());
    }

    @ParameterizedTest
    @EnumSource(PostPath.class)
    void proxyCredentials_neverReachPlaytcha_notEvenWhenItChallenges(PostPath path) throws Exception {
        proxy = ForwardingProxy.start(USER, PASSWORD);
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        String token = sim.mintToken();
        sim.injectFor(token, Fault.json(401, "{\"success\":false,\"error\":{\"code\":\"bad_secret\",\"message\":\"no\"}}")
                .withHeader("WWW-Authenticate", "Basic realm=\"playtcha\""));

        VerificationResult result = verifyOnce(path, settings(sim.url(), b -> b.proxyUser(USER).proxyPassword(PASSWORD)), token);

        assertInstanceOf(VerificationResult.Rejected.class, result, result::toString);
        assertEquals(1, sim.callCount(token), "a 401 is not answered by posting the token again");
        assertEquals(1, proxy.forwardedHeads.size());
        assertFalse(proxy.forwardedHeads.get(0).toLowerCase().contains("authorization"), proxy.forwardedHeads::toString);
    }

    @ParameterizedTest
    @EnumSource(PostPath.class)
    void tunnelRefusedByProxyPolicy_isANetworkError_notARejectedToken(PostPath path) throws Exception {
        proxy = ForwardingProxy.start(null, null);
        proxy.refuseTunnelsWith = 403;
        PlaytchaSimulator sim = PLAYTCHA.simulator();

        VerificationResult result = verifyOnce(path, https(null, null, b -> b), sim.mintToken());

        VerificationResult.Unavailable refused = assertInstanceOf(VerificationResult.Unavailable.class, result);
        assertEquals(VerificationResult.NETWORK_ERROR, refused.code());
        assertTrue(refused.message().contains("CONNECT answered 403"), refused::message);
        assertEquals(0, sim.callCount());
    }

    @ParameterizedTest
    @EnumSource(PostPath.class)
    void proxyDown_isANetworkError_atOnce(PostPath path) throws Exception {
        int closedPort;
        try (ServerSocket gone = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = gone.getLocalPort();
        }
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        // A budget past the slack: refused at once is within the slack, waited on would be the budget.
        PlaytchaSettings settings = PlaytchaSettings.builder(sim.secret()).apiUrl(sim.url()).timeout(TestSettings.PATIENT)
                .proxyHost("127.0.0.1").proxyPort(closedPort).build();

        long start = System.nanoTime();
        VerificationResult result = verifyOnce(path, settings, sim.mintToken());

        assertEquals(VerificationResult.NETWORK_ERROR, result.errorCode(), result::toString);
        assertTrue(System.nanoTime() - start < TestSettings.SLACK.toNanos(), "refused, not waited on");
        assertEquals(0, sim.callCount());
    }

    @ParameterizedTest
    @EnumSource(PostPath.class)
    void silentProxy_isATimeout_withinTheBudget(PostPath path) throws Exception {
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        try (ServerSocket silent = new ServerSocket(0, 16, InetAddress.getLoopbackAddress())) {
            PlaytchaSettings settings = PlaytchaSettings.builder(sim.secret()).apiUrl(URI.create("https://api.playtcha.com"))
                    .timeout(Duration.ofMillis(600)).proxyHost("127.0.0.1").proxyPort(silent.getLocalPort()).build();

            long start = System.nanoTime();
            VerificationResult result = verifyOnce(path, settings, sim.mintToken());
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertEquals(VerificationResult.TIMEOUT, result.errorCode(), result::toString);
            assertTrue(took.compareTo(Duration.ofMillis(600).plus(TestSettings.SLACK)) < 0, "took " + took);
        }
    }

    @ParameterizedTest
    @EnumSource(PostPath.class)
    void withoutProxySettings_theJvmsProxySelectorApplies_andOursOverridesIt(PostPath path) throws Exception {
        proxy = ForwardingProxy.start(null, null);
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        ProxySelector before = ProxySelector.getDefault();
        ProxySelector.setDefault(ProxySelector.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), proxy.port())));
        try {
            PlaytchaSettings jvms = PlaytchaSettings.builder(sim.secret()).apiUrl(sim.url()).timeout(TIMEOUT).build();
            assertInstanceOf(VerificationResult.Verified.class, verifyOnce(path, jvms, sim.mintToken()));
            assertEquals(1, proxy.forwards.get(), "the JVM's ProxySelector routed it");

            try (ForwardingProxy ours = ForwardingProxy.start(null, null)) {
                PlaytchaSettings own = PlaytchaSettings.builder(sim.secret()).apiUrl(sim.url()).timeout(TIMEOUT)
                        .proxyHost("127.0.0.1").proxyPort(ours.port()).build();
                assertInstanceOf(VerificationResult.Verified.class, verifyOnce(path, own, sim.mintToken()));
                assertEquals(1, ours.forwards.get(), "playtcha.proxy.* wins over the JVM's selector");
                assertEquals(1, proxy.forwards.get());
            }
        } finally {
            ProxySelector.setDefault(before);
        }
    }

    private void assertPasswordsNowhere(PlaytchaSettings settings, VerificationResult result) {
        String encoded = basic(USER, PASSWORD).substring("Basic ".length());
        for (String text : List.of(log.everything(), settings.toString(), result.toString())) {
            for (String secret : List.of(PASSWORD, "wrong-" + PASSWORD, STORE_PASSWORD, encoded, settings.secret())) {
                assertFalse(text.contains(secret), () -> "a password or the secret in: " + text);
            }
        }
        try (PlaytchaVerifier verifier = PlaytchaVerifier.create(settings)) {
            assertFalse(verifier.toString().contains(PASSWORD) || verifier.toString().contains(STORE_PASSWORD), verifier::toString);
        }
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
