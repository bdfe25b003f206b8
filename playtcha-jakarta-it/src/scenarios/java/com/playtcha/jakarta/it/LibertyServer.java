package com.playtcha.jakarta.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Open Liberty's port, around the adapter's start: the server's {@code bootstrap.properties} gets
 * {@code it.http.port} (server.xml's {@code httpPort="${it.http.port}"}) before each start; after it,
 * messages.log must say the HTTP endpoint listens on that port (CWWKO0219I). A Liberty that cannot bind
 * its port still starts, says CWWKO0221E and waits: that counts as a failed start here, so the server
 * is stopped and started again on a new port.
 */
final class LibertyServer implements ServerControl {

    static final LibertyServer INSTANCE = new LibertyServer();
    /** How long after its start a loaded machine's Liberty may take to open its HTTP endpoint. */
    private static final Duration LISTENING = Duration.ofSeconds(90);

    private LibertyServer() {
    }

    @Override
    public void beforeStart(org.jboss.arquillian.config.descriptor.api.ContainerDef container, Map<String, Integer> chosen)
            throws IOException {
        Files.writeString(serverDir(container).resolve("bootstrap.properties"),
                "# Written by the integration tests before each start (ContainerStarts).\nit.http.port=" + chosen.get("http") + "\n");
    }

    @Override
    public void afterStart(org.jboss.arquillian.config.descriptor.api.ContainerDef container, Map<String, Integer> chosen)
            throws IOException, InterruptedException {
        Path log = serverDir(container).resolve("logs/messages.log");
        String port = " port " + chosen.get("http");
        Instant deadline = Instant.now().plus(LISTENING);
        while (Instant.now().isBefore(deadline)) {
            for (String line : Files.exists(log) ? Files.readAllLines(log) : java.util.List.<String>of()) {
                if (line.contains("CWWKO0221E") && line.contains(port + ".")) {
                    throw new IllegalStateException("Liberty's HTTP endpoint: the socket bind did not succeed: " + line);
                }
                if (line.contains("CWWKO0219I") && line.contains("defaultHttpEndpoint") && line.contains(port + ".")) {
                    return;
                }
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("Liberty did not say its HTTP endpoint listens on" + port + " within " + LISTENING + ": " + log);
    }

    private static Path serverDir(org.jboss.arquillian.config.descriptor.api.ContainerDef container) {
        return Path.of(container.getContainerProperty("wlpHome"), "usr", "servers", container.getContainerProperty("serverName"));
    }
}
