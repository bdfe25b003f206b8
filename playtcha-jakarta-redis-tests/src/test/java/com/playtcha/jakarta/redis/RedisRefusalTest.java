package com.playtcha.jakarta.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.InvalidSettingException;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.Setting;
import com.playtcha.jakarta.internal.budget.Stores;
import com.playtcha.jakarta.spi.store.LoginFailures;
import com.playtcha.jakarta.spi.store.Resources;
import com.playtcha.jakarta.spi.store.VerifierClock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A Redis that is there but refuses this node fails the start, naming {@code playtcha.redis.uri}: a TLS
 * certificate this JVM does not trust, one expired, one for another host, a server that wants a client
 * certificate, an ACL user without the rights the scripts need (no writes; no {@code playtcha:} keys).
 * ({@code rediss://} on a plain port meets silence, Redis waiting for the end of a line: not there.) Only a Redis that cannot be reached lets a node start on its own
 * state ({@link RedisFailureTest}). Met later, on a reconnection (the password changed), a refusal asks
 * logins for a token instead of letting each node count alone. Real {@code redis-server}s with TLS, the
 * certificates made by the JDK's {@code keytool} ({@link TestCertificates}), this JVM trusting the test CA.
 */
class RedisRefusalTest {

    private static final byte[] ALICE = "a keyed hash of alice".getBytes(StandardCharsets.UTF_8);
    private static TestCertificates certificates;
    private static final List<String> PROPERTIES = List.of("javax.net.ssl.trustStore", "javax.net.ssl.trustStorePassword",
            "javax.net.ssl.trustStoreType");
    private static final List<String> before = new ArrayList<>();

    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeAll
    static void trustTheTestCa() throws Exception {
        certificates = TestCertificates.create();
        PROPERTIES.forEach(p -> before.add(System.getProperty(p)));
        System.setProperty("javax.net.ssl.trustStore", certificates.trustStore().toString());
        System.setProperty("javax.net.ssl.trustStorePassword", TestCertificates.PASSWORD);
        System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
    }

    @AfterAll
    static void trustAsBefore() {
        for (int i = 0; i < PROPERTIES.size(); i++) {
            if (before.get(i) == null) {
                System.clearProperty(PROPERTIES.get(i));
            } else {
                System.setProperty(PROPERTIES.get(i), before.get(i));
            }
        }
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private LoginFailures counts(String uri) {
        return counts(uri, Duration.ofMillis(250));
    }

    /**
     * The counts on {@code uri}, whose start waits for one connection attempt at most four times {@code clusterTimeout}
     * and 5 s more ({@code playtcha.cluster.start-timeout} raised to a minute, so that it never cuts that shorter).
     */
    private LoginFailures counts(String uri, Duration clusterTimeout) {
        PlaytchaSettings settings = PlaytchaSettings.builder("sk_test_redis").redisUri(uri).clusterTimeout(clusterTimeout)
                .clusterStartTimeout(Duration.ofMinutes(1)).loginAfterFailures(true).build();
        LoginFailures counts = Stores.loginFailures(settings, VerifierClock.SYSTEM, "playtcha-refusal", Resources.NONE);
        open.add(counts::close);
        return counts;
    }

    /** A server with TLS on a port of its own (its plain port for the test's own commands); the {@code rediss://} URI of it. */
    private String tls(TestCertificates.Pem pem, String... more) throws Exception {
        int tlsPort = RedisServer.freePort();
        List<String> options = new ArrayList<>(List.of("--tls-port", Integer.toString(tlsPort), "--tls-cert-file",
                pem.certificate().toString(), "--tls-key-file", pem.key().toString(), "--tls-ca-cert-file", certificates.ca().toString(),
                "--tls-auth-clients", "no"));
        options.addAll(List.of(more));
        open.add(RedisServer.start(options));
        return "rediss://127.0.0.1:" + tlsPort + "/0";
    }

    /**
     * A start on {@code uri} fails, its message saying {@code words}. The start's attempt is given 15 s (a 2.5 s
     * {@code cluster.timeout}): a refusal is told apart from a server not there only by its answer, and at load 25 a
     * first TLS handshake (Netty's TLS classes loaded, the certificate checked) took longer than the 6 s of a 250 ms one,
     * so the node started on its own state, as documented for a server that does not answer in time.
     */
    private static void refused(String uri, String... words) {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> {
            RedisRefusalTest test = new RedisRefusalTest();
            try {
                test.counts(uri, Duration.ofMillis(2500));
            } finally {
                test.close();
            }
        });
        assertEquals(Setting.REDIS_URI, e.setting());
        for (String word : words) {
            assertTrue(e.getMessage().contains(word), "'" + word + "' in: " + e.getMessage());
        }
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
    }

    @Test
    @Timeout(300) // guards only: a start that hung would never end
    void aTrustedCertificate_forThisHost_shares() throws Exception {
        String uri = tls(certificates.server("good", "ip:127.0.0.1", "-1d", 10, true));
        LoginFailures counts = counts(uri);
        RedisFailureTest.await(() -> counts.admit(ALICE, "203.0.113.1"), "an admission over TLS");
        assertNull(counts.away(), "shared, over TLS");
    }

    @Test
    @Timeout(300)
    void aCertificateThisJvmDoesNotTrust_failsTheStart() throws Exception {
        refused(tls(certificates.server("selfsigned", "ip:127.0.0.1", "-1d", 10, false)), "refuses this node", "certificate");
    }

    @Test
    @Timeout(300)
    void anExpiredCertificate_failsTheStart() throws Exception {
        refused(tls(certificates.server("expired", "ip:127.0.0.1", "-3d", 1, true)), "refuses this node", "certificate");
    }

    @Test
    @Timeout(300)
    void aCertificateForAnotherHost_failsTheStart() throws Exception {
        refused(tls(certificates.server("other", "dns:other.example", "-1d", 10, true)), "refuses this node");
    }

    @Test
    @Timeout(300)
    void aServerThatWantsAClientCertificate_failsTheStart() throws Exception {
        String uri = tls(certificates.server("mutual", "ip:127.0.0.1", "-1d", 10, true), "--tls-auth-clients", "yes");
        refused(uri, "refuses this node");
    }

    /**
     * A URI whose port is another service's (here one that answers in HTTP, as a web server or a health port would):
     * there, but not Redis; a start on the node's own state would split the cluster for as long as the setting stays.
     * Like an HTTP server, the fake answers once it has read the client's first bytes: one that answered before it
     * read anything had its answer and its close race Lettuce's first command (a CI run's start went on, away).
     */
    @Test
    @Timeout(300)
    void aPortOfAnotherProtocol_failsTheStart_namingTheKey() throws Exception {
        try (ServerSocket http = service(s -> {
            s.getInputStream().read(new byte[256]); // the request's first bytes (Lettuce's HELLO or AUTH)
            s.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
        })) {
            refused("redis://:s3cret@127.0.0.1:" + http.getLocalPort() + "/0", "refuses this node", "protocol");
        }
    }

    /**
     * A URI whose port is a service that speaks first (SSH, SMTP: a banner before any request), then answers the client's
     * bytes with an error line and closes: not Redis either.
     */
    @Test
    @Timeout(300)
    void aPortOfAServiceThatSpeaksFirst_failsTheStart_namingTheKey() throws Exception {
        try (ServerSocket ssh = service(s -> {
            s.getOutputStream().write("SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n".getBytes(StandardCharsets.US_ASCII));
            s.getInputStream().read(new byte[256]);
            s.getOutputStream().write("Invalid SSH identification string.\r\n".getBytes(StandardCharsets.US_ASCII));
        })) {
            refused("redis://:s3cret@127.0.0.1:" + ssh.getLocalPort() + "/0", "refuses this node");
        }
    }

    /** What a fake service does with one connection, which is closed after it. */
    private interface Conversation {
        void with(Socket connection) throws IOException;
    }

    /** A fake service on a free loopback port, holding {@code conversation} with each client until it is closed. */
    private static ServerSocket service(Conversation conversation) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread answering = new Thread(() -> {
            try {
                while (true) {
                    try (Socket s = server.accept()) {
                        conversation.with(s);
                    }
                }
            } catch (IOException closed) {
                // the test is over
            }
        });
        answering.setDaemon(true);
        answering.start();
        return server;
    }

    /**
     * Several hosts name a Redis Cluster's nodes; two servers that are not (a primary and its replica, say, written as
     * if the library would fail over between them) answer that they have no cluster support. Lettuce says so only
     * beside its "cannot retrieve cluster partitions" (suppressed): read there, it is a refusal, not a Redis away.
     */
    @Test
    @Timeout(300)
    void hostsThatAreNotACluster_failTheStart_namingTheKey() throws Exception {
        try (RedisServer a = RedisServer.start(); RedisServer b = RedisServer.start()) {
            refused("redis://:s3cret@127.0.0.1:" + a.port() + ",127.0.0.1:" + b.port(), "refuses this node", "cluster support disabled");
        }
    }

    @Test
    @Timeout(300)
    void anAclUserWithoutTheRights_failsTheStart_namingTheKey() throws Exception {
        try (RedisServer server = RedisServer.start(List.of("--user", "default", "off",
                "--user", "reader", "on", ">s3cret", "~playtcha:*", "+@read", "+@scripting", "+ping", "+info",
                "--user", "elsewhere", "on", ">s3cret", "~app:*", "+@all"))) {
            refused("redis://reader:s3cret@127.0.0.1:" + server.port() + "/0", "refuses this node", "+@all ~playtcha:*");
            refused("redis://elsewhere:s3cret@127.0.0.1:" + server.port() + "/0", "refuses this node", "NOPERM");
        }
    }

    @Test
    @Timeout(300)
    void aPasswordChangedWhileRunning_asksLoginsForAToken_neverTheNodesOwnCounts() throws Exception {
        RedisServer server = RedisServer.start(List.of("--user", "default", "on", "nopass", "~*", "+@all",
                "--user", "playtcha", "on", ">s3cret", "~playtcha:*", "+@all"));
        open.add(server);
        LoginFailures counts = counts("redis://playtcha:s3cret@127.0.0.1:" + server.port() + "/0");
        RedisFailureTest.await(() -> counts.admit(ALICE, "203.0.113.1"), "an admission");

        assertEquals("+OK", server.send("ACL SETUSER playtcha resetpass >another"));
        server.send("CLIENT KILL USER playtcha"); // Lettuce reconnects, and the server refuses the old password
        RedisFailureTest.await(() -> !counts.admit(ALICE, "203.0.113.2"), "a token asked for, once the reconnection is refused");
        for (int i = 0; i < 5; i++) {
            assertFalse(counts.admit(ALICE, "203.0.113." + (10 + i)), "refused: a token, never the node's own counts");
        }
        assertNull(counts.away(), "a server that refuses is not away: the node does not count alone");
    }
}
