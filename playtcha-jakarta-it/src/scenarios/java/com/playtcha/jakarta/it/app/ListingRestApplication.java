package com.playtcha.jakarta.it.app;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;

/** Lists its one resource and not PlaytchaFeature: the runtime's scanning is off for it. */
@ApplicationPath("/api")
public class ListingRestApplication extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(RestSignupResource.class);
    }
}
