package com.playtcha.examples.rest;

import com.playtcha.jakarta.rest.PlaytchaFeature;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;

/**
 * The application, at {@code /api}. It lists its classes, {@link PlaytchaFeature} among them, so
 * that every runtime registers the same ones. (A runtime that scans, such as WildFly, would also find
 * the feature by itself if this returned nothing.)
 */
@ApplicationPath("/api")
public class Api extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(SignupResource.class, PlaytchaFeature.class);
    }
}
