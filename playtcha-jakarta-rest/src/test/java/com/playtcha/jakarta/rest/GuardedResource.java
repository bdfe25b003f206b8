package com.playtcha.jakarta.rest;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ResourceInfo;
import java.lang.reflect.Method;

/** One guarded resource method, and the {@link ResourceInfo} a runtime shows {@link PlaytchaFeature} for it. */
@Path("/guarded")
public class GuardedResource {

    @POST
    @PlaytchaProtected
    public String post() {
        return "posted";
    }

    static ResourceInfo info() {
        Method post;
        try {
            post = GuardedResource.class.getMethod("post");
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
        return new ResourceInfo() {
            @Override
            public Method getResourceMethod() {
                return post;
            }

            @Override
            public Class<?> getResourceClass() {
                return GuardedResource.class;
            }
        };
    }
}
