package com.playtcha.jakarta.it;

import java.util.Map;
import org.jboss.arquillian.config.descriptor.api.ContainerDef;

/**
 * What {@link ContainerStarts} does around a container's start and stop beyond its Arquillian adapter,
 * by the container's arquillian.xml qualifier: Open Liberty's port and bind check ({@link LibertyServer}),
 * Payara's domain ({@link PayaraDomain}); nothing for the others, whose adapters take their ports from
 * arquillian.xml and end their own process. Each step gets the ports chosen for the attempt, by name, and
 * throws when the server did not take them: the start is then made again on new ones.
 */
interface ServerControl {

    ServerControl NOTHING = new ServerControl() {
    };

    static ServerControl of(String qualifier) {
        return switch (qualifier) {
            case "liberty" -> LibertyServer.INSTANCE;
            case "payara" -> PayaraDomain.INSTANCE;
            default -> NOTHING;
        };
    }

    /** Ports to choose for each attempt beside the {@code {port:NAME}} of arquillian.xml, by name. */
    default java.util.List<String> ports() {
        return java.util.List.of();
    }

    /** Before the adapter reads the container's configuration, on the ports {@code chosen} for this attempt. */
    default void beforeSetup(ContainerDef container, Map<String, Integer> chosen) throws Exception {
    }

    /** Before the adapter starts the container, on the ports {@code chosen} for this attempt. */
    default void beforeStart(ContainerDef container, Map<String, Integer> chosen) throws Exception {
    }

    /** After the adapter started it: throws if the server did not take its ports after all. */
    default void afterStart(ContainerDef container, Map<String, Integer> chosen) throws Exception {
    }

    /**
     * Whether the adapter's own stop ends the server after a failed start. Not Payara's, which never started it
     * and whose {@code asadmin stop-domain} would then ask the default admin port, 4848: {@link #afterStop} ends it.
     */
    default boolean adapterStops() {
        return true;
    }

    /** After the adapter stopped it, or after a failed start: whatever the adapter leaves running goes. */
    default void afterStop(ContainerDef container) {
    }
}
