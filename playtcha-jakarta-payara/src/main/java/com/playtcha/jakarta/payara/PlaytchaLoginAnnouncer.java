package com.playtcha.jakarta.payara;

import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import java.util.Set;

/**
 * Tells each application on a virtual server with a {@link PlaytchaLoginValve} that its login posts are
 * handed to its Playtcha login guard ({@code LoginDoor.announce}: the door {@code payara}, which reports
 * login outcomes), set while the application starts, before its listeners are told it started. The
 * library checks that attribute there and fails the deployment of an application that maps a
 * PlaytchaFilter onto {@code /j_security_check} where nothing guards the login post.
 *
 * <p>Found through this jar's {@code META-INF/services}: Payara runs the initializers of the domain's
 * {@code lib} jars for every application. The valve itself cannot announce itself: it is added to the
 * virtual server before any application exists. An application on a virtual server without the valve
 * (the jar in {@code lib}, the {@code valve_} property missing) hears nothing, and so fails as it should.
 */
public final class PlaytchaLoginAnnouncer implements ServletContainerInitializer {

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) {
        if (PlaytchaLoginValve.installedOn(context.getVirtualServerName())) {
            PlaytchaLoginValve.DOOR.announce(context);
        }
    }
}
