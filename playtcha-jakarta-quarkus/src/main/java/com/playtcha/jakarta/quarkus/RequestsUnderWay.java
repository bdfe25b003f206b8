package com.playtcha.jakarta.quarkus;

import io.quarkus.vertx.http.ManagementInterface;
import io.smallrye.common.vertx.ContextLocals;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * The HTTP request under way where a password check is made, for a check whose caller did not attach the request's
 * routing context ({@code HttpSecurityUtils.setRoutingContextAttribute}): an application's mechanism or resource that
 * calls the {@code IdentityProviderManager} by hand. Quarkus serves each request on a Vert.x duplicated context of its
 * own, which follows the request onto the event loop, the worker that runs a blocking resource and the threads Quarkus
 * resumes it on; a route of the guard's, first on the application's router and on the management interface's, keeps
 * the request's routing context in that context's locals ({@code ContextLocals}, SmallRye's public API for them). A
 * check on a thread with no such context (a scheduled job, a thread of the application's own) has no request.
 */
@Singleton
class RequestsUnderWay {

    /** The duplicated context's local that holds the request's routing context. */
    private static final String KEY = RequestsUnderWay.class.getName();
    /** Before every route of Quarkus's: its body handler, CORS, authentication (order -200 on 3.33). */
    private static final int FIRST = Integer.MIN_VALUE + 1;

    void route(@Observes Router router) {
        router.route().order(FIRST).handler(RequestsUnderWay::keep);
    }

    void route(@Observes ManagementInterface management) {
        management.router().route().order(FIRST).handler(RequestsUnderWay::keep);
    }

    private static void keep(RoutingContext request) {
        if (VertxContext.isOnDuplicatedContext()) {
            ContextLocals.put(KEY, request);
        }
        request.next();
    }

    /** The routing context of the request this thread serves now; {@code null} when it serves none. */
    RoutingContext current() {
        return VertxContext.isOnDuplicatedContext() ? ContextLocals.<RoutingContext>get(KEY).orElse(null) : null;
    }
}
