package com.playtcha.jakarta.it;

import org.jboss.arquillian.core.spi.LoadableExtension;

/**
 * The Arquillian extension of every container run (META-INF/services): {@link ContainerStarts} starts
 * the managed containers on ports taken just before their start, and again on new ones after a start
 * that met a taken port. (The ports a container would take by default are held for the whole build by
 * .mvn/HoldPorts.java, so a run that depended on one is red.)
 */
public final class FreshPorts implements LoadableExtension {

    @Override
    public void register(ExtensionBuilder builder) {
        builder.observer(ContainerStarts.class);
    }
}
