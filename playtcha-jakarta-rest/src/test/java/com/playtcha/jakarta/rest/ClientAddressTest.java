package com.playtcha.jakarta.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.playtcha.jakarta.core.PlaytchaSettings;
import java.net.URI;
import org.glassfish.jersey.internal.MapPropertiesDelegate;
import org.glassfish.jersey.server.ContainerRequest;
import org.junit.jupiter.api.Test;

/**
 * The client's address where no servlet request is behind Jakarta REST and Quarkus REST is absent: Helidon MP's, the
 * request property its Jakarta REST integration sets on each Jersey request (examples/helidon-app runs it in
 * Helidon, where a JDK 21 is found). Pinned here too, so a build without one still holds the property's name.
 */
class ClientAddressTest {

    private final PlaytchaSettings settings = PlaytchaSettings.builder().secret("sk_test_address").build();
    private final PlaytchaRequestFilter filter = new PlaytchaRequestFilter(settings, new ApplicationVerifier(null, settings), true);

    @Test
    void helidonsRemoteHostProperty_isTheClientsAddress() {
        ContainerRequest request = request();
        request.setProperty("io.helidon.jaxrs.remote-host", "192.0.2.7");

        assertEquals("192.0.2.7", filter.clientAddress(request));
    }

    @Test
    void withoutIt_noAddress() {
        ContainerRequest request = request();
        assertNull(filter.clientAddress(request));
        request.setProperty("io.helidon.jaxrs.remote-host", " ");
        assertNull(filter.clientAddress(request), "a blank host is no address");
    }

    private static ContainerRequest request() {
        return new ContainerRequest(URI.create("http://127.0.0.1/"), URI.create("http://127.0.0.1/signup"), "POST", null,
                new MapPropertiesDelegate(), null);
    }
}
