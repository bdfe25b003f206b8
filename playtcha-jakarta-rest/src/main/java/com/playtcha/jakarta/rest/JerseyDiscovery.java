package com.playtcha.jakarta.rest;

import jakarta.ws.rs.ConstrainedTo;
import jakarta.ws.rs.RuntimeType;
import jakarta.ws.rs.core.FeatureContext;
import org.glassfish.jersey.internal.spi.ForcedAutoDiscoverable;

/**
 * Registers {@link PlaytchaFeature} in every Jersey server application that has not registered it, so that
 * {@code @PlaytchaProtected} is enforced with nothing for the user to register: Helidon MP, Jersey's servlet
 * container with an {@code Application} that lists only its resources, GlassFish and Payara. Not for users:
 * Jersey finds it through {@code META-INF/services/org.glassfish.jersey.internal.spi.ForcedAutoDiscoverable}
 * (Jersey's documented auto-discovery SPI) and runs it when it configures an application, after the
 * application's own classes and instances are registered; the other runtimes never read that file.
 *
 * <p>It is a <em>forced</em> auto-discoverable: {@code jersey.config.disableAutoDiscovery} does not turn it
 * off, because a resource that carries the annotation must never run unguarded. An application that
 * registered the feature itself (its class, or an instance with its own verifier and settings) keeps
 * that one; where another runtime's scanning also registers it, the second filter reuses the first's
 * result and verifies nothing again (docs/rest.md, "Registering the feature").
 */
@ConstrainedTo(RuntimeType.SERVER)
public final class JerseyDiscovery implements ForcedAutoDiscoverable {

    /** Jersey's service loader makes it. */
    public JerseyDiscovery() {
    }

    @Override
    public void configure(FeatureContext context) {
        if (context.getConfiguration().getRuntimeType() == RuntimeType.SERVER
                && !context.getConfiguration().isRegistered(PlaytchaFeature.class)) {
            context.register(PlaytchaFeature.class);
        }
    }
}
