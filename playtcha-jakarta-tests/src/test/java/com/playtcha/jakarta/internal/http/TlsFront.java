package com.playtcha.jakarta.internal.http;

import com.playtcha.jakarta.core.TrustStoreFiles;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * TLS in front of the simulator: https on 127.0.0.1 with the certificate of {@code self-signed.p12}
 * (IP SAN 127.0.0.1), each connection decrypted and passed to the simulator's plain port, as a
 * TLS-inspecting proxy's re-signed certificate looks to the verifier. Only a client that trusts
 * that certificate gets through.
 */
final class TlsFront implements AutoCloseable {

    private final SSLServerSocket server;
    private final int backendPort;
    private final ExecutorService threads = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "test-tls-front");
        thread.setDaemon(true);
        return thread;
    });

    private TlsFront(SSLServerSocket server, int backendPort) {
        this.server = server;
        this.backendPort = backendPort;
    }

    static TlsFront start(int backendPort) throws Exception {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(TrustStoreFiles.serverKeys(), TrustStoreFiles.KEY_PASSWORD);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);
        SSLServerSocket socket = (SSLServerSocket) tls.getServerSocketFactory()
                .createServerSocket(0, 128, InetAddress.getLoopbackAddress());
        TlsFront front = new TlsFront(socket, backendPort);
        front.threads.execute(front::accept);
        return front;
    }

    /** {@code https://127.0.0.1:<port>}, an api-url. */
    URI url() {
        return URI.create("https://127.0.0.1:" + server.getLocalPort());
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                threads.execute(() -> relay((SSLSocket) client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void relay(SSLSocket client) {
        try (client; Socket backend = new Socket(InetAddress.getLoopbackAddress(), backendPort)) {
            client.startHandshake();
            threads.execute(() -> copy(backend, client));
            copy(client, backend);
        } catch (IOException refused) {
            // a client that does not trust us aborts the handshake: its failure to report
        }
    }

    private static void copy(Socket from, Socket to) {
        try (InputStream in = from.getInputStream()) {
            in.transferTo(to.getOutputStream());
        } catch (IOException gone) {
            // one side closed
        } finally {
            try {
                to.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        threads.shutdownNow();
    }
}
