package com.playtcha.jakarta.internal.verifier;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.security.KeyStore;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A raw TLS server on 127.0.0.1 with a self-signed certificate ({@code self-signed.p12}, made with
 * keytool for these tests): what a misconfigured proxy or a man in the middle looks like. Clients
 * that check certificates, as the verifier does, fail the handshake; it never answers HTTP.
 */
final class SelfSignedServer implements AutoCloseable {

    private static final char[] PASSWORD = "changeit".toCharArray();

    private final SSLServerSocket server;
    private final ExecutorService handshakes = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "self-signed-tls");
        thread.setDaemon(true);
        return thread;
    });

    private SelfSignedServer(SSLServerSocket server) {
        this.server = server;
    }

    static SelfSignedServer start() throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = SelfSignedServer.class.getResourceAsStream("/self-signed.p12")) {
            keys.load(in, PASSWORD);
        }
        KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        managers.init(keys, PASSWORD);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(managers.getKeyManagers(), null, null);
        SSLServerSocket socket = (SSLServerSocket) tls.getServerSocketFactory()
                .createServerSocket(0, 128, InetAddress.getLoopbackAddress());
        SelfSignedServer started = new SelfSignedServer(socket);
        started.handshakes.execute(started::accept);
        return started;
    }

    URI url() {
        return URI.create("https://127.0.0.1:" + server.getLocalPort());
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                handshakes.execute(() -> handshake((SSLSocket) client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private static void handshake(SSLSocket client) {
        try (client) {
            client.startHandshake(); // the client refuses the certificate and aborts
        } catch (IOException expected) {
            // the failure is the client's to report
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        handshakes.shutdownNow();
    }
}
