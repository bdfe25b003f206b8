package com.playtcha.jakarta.cluster.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP relay in front of a real server that can turn into a host that vanished: after
 * {@link #cut}, what either side sends goes nowhere and nothing is closed (no FIN, no RST), as when a
 * database's container or VM goes away under its connections; a connection made then is closed at
 * once, as by a host coming back up with nothing listening yet. After {@link #mend}, new connections
 * reach the server again, as a restarted host on the same address; the connections of before stay
 * dead, as theirs do (nothing of them reached the new one).
 */
final class Blackhole implements AutoCloseable {

    private final ServerSocket listening;
    private final InetSocketAddress server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    /** The generation links are made in: a link relays while its generation is the current one and not cut. */
    private volatile int generation;
    private volatile boolean cut;

    Blackhole(int serverPort) throws IOException {
        server = new InetSocketAddress(InetAddress.getLoopbackAddress(), serverPort);
        listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accepting = new Thread(this::accept, "blackhole-accept");
        accepting.setDaemon(true);
        accepting.start();
    }

    int port() {
        return listening.getLocalPort();
    }

    /** The host vanishes: nothing goes through any link, nothing is closed. */
    void cut() {
        cut = true;
    }

    /** The host is back: new links relay; the links of before stay dead. */
    void mend() {
        generation++;
        cut = false;
    }

    private void accept() {
        while (!listening.isClosed()) {
            try {
                Socket client = listening.accept();
                client.setTcpNoDelay(true); // a relay adds no wait of its own
                sockets.add(client);
                int born = generation;
                if (cut) {
                    client.close(); // a host coming back up, nothing listening yet: refused
                    continue;
                }
                Socket upstream = new Socket(server.getAddress(), server.getPort());
                upstream.setTcpNoDelay(true);
                sockets.add(upstream);
                drain(client.getInputStream(), upstream.getOutputStream(), born);
                drain(upstream.getInputStream(), client.getOutputStream(), born);
            } catch (IOException e) {
                // closed, or the server refused: the client sees its socket closed
            }
        }
    }

    /** Reads {@code in} for good, writing what it read to {@code out} while the link is alive. */
    private void drain(InputStream in, OutputStream out, int born) {
        Thread pump = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    if (out != null && !cut && born == generation) {
                        out.write(buffer, 0, n);
                        out.flush();
                    }
                }
            } catch (IOException e) {
                // closed
            }
        }, "blackhole-pump");
        pump.setDaemon(true);
        pump.start();
    }

    @Override
    public void close() throws IOException {
        listening.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
