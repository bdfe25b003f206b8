package com.playtcha.jakarta.rest;

import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Set;
import org.jboss.resteasy.reactive.server.core.BlockingOperationSupport;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.core.multipart.FormDataParser;
import org.jboss.resteasy.reactive.server.core.multipart.FormEncodedDataDefinition;
import org.jboss.resteasy.reactive.server.jaxrs.ContainerRequestContextImpl;
import org.jboss.resteasy.reactive.server.multipart.FormValue;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveContainerRequestContext;
import org.jboss.resteasy.reactive.server.spi.RuntimeConfiguration;

/**
 * What the REST filter does differently in Quarkus REST (loaded only there, {@link PlaytchaFeature#QUARKUS_REST}):
 * a request filtered on the Vert.x I/O thread is decided on a worker thread; there, once it goes on, the
 * body the filter read for its token is parsed into the request's form by Quarkus REST's own parser; a
 * form Quarkus REST has read already gives the token; the client's address is Vert.x's. See design/web.md.
 *
 * <p>It uses Quarkus REST's internals ({@code ResteasyReactiveRequestContext}, its form and form parser,
 * {@code BlockingOperationSupport}, {@code ContainerRequestContextImpl.isAborted}) and its {@code server.spi}
 * ({@code suspend}/{@code resume}, the runtime configuration), because
 * no public API serves a filter that a {@code DynamicFeature} registers: Jakarta REST's
 * {@code ContainerRequestContext} cannot suspend; Quarkus REST's {@code @ServerRequestFilter} (which may
 * return {@code Uni} and read the form first) is a bean Quarkus discovers and binds at build time, not an
 * instance a feature registers on a method, so it would be a second filter beside the one Jersey and
 * RESTEasy run, and its {@code withFormRead} reads the whole form before the filter, past our 1 MiB bound.
 */
final class QuarkusRest {

    /** A step that may fail reading the request. */
    interface Step {
        void run() throws IOException;
    }

    private static final String VERTX_REQUEST = "io.vertx.core.http.HttpServerRequest";
    /** {@code (HttpServerRequest r) -> r.remoteAddress().hostAddress()}, or {@code null} without Vert.x. */
    private static final MethodHandle REMOTE_HOST = remoteHost();

    private QuarkusRest() {
    }

    /** The client's address as Vert.x saw it, or {@code null}. */
    static String clientAddress(ContainerRequestContext request) {
        ResteasyReactiveRequestContext context = context(request);
        if (REMOTE_HOST == null || context == null) {
            return null;
        }
        try {
            Object vertx = context.serverRequest().unwrap(REMOTE_HOST.type().parameterType(0));
            return vertx == null ? null : (String) REMOTE_HOST.invoke(vertx);
        } catch (Throwable notThere) { // a closed connection has no address; never fail the request for it
            return null;
        }
    }

    private static MethodHandle remoteHost() {
        try {
            Class<?> request = Class.forName(VERTX_REQUEST, false, QuarkusRest.class.getClassLoader());
            Class<?> address = Class.forName("io.vertx.core.net.SocketAddress", false, QuarkusRest.class.getClassLoader());
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            MethodHandle remote = lookup.findVirtual(request, "remoteAddress", MethodType.methodType(address));
            MethodHandle host = lookup.findVirtual(address, "hostAddress", MethodType.methodType(String.class));
            return MethodHandles.filterReturnValue(remote, host);
        } catch (ReflectiveOperationException | LinkageError absent) {
            return null;
        }
    }

    /** Whether {@code decide} was handed to a worker thread (it then resumes the request); else run it here. */
    static boolean offloaded(ContainerRequestContext request, Step decide) {
        if (!(request instanceof ResteasyReactiveContainerRequestContext reactive)
                || BlockingOperationSupport.isBlockingAllowed()) {
            return false;
        }
        reactive.suspend();
        try {
            Infrastructure.getDefaultExecutor().execute(() -> {
                try {
                    decide.run();
                    handOverForm(reactive);
                } catch (Exception | Error e) {
                    reactive.resume(e);
                    return;
                }
                reactive.resume();
            });
        } catch (RuntimeException refused) { // a worker pool shutting down
            reactive.resume(refused);
        }
        return true;
    }

    /** Whether Quarkus REST has read this request's form already (a filter or resource locator before ours). */
    static boolean formRead(ContainerRequestContext request) {
        ResteasyReactiveRequestContext context = context(request);
        return context != null && context.getFormData() != null;
    }

    /** The first value of {@code field} in the form Quarkus REST has read ({@link #formRead}). */
    static String formField(ContainerRequestContext request, String field) {
        FormValue value = context(request).getFormData().getFirst(field);
        return value == null || value.isFileItem() ? null : value.getValue();
    }

    /**
     * For a request that goes on to a reactive endpoint, after the decision and on the worker thread:
     * the urlencoded body the filter read the token from (and put back as the entity stream) is
     * parsed here into the request's form, by Quarkus REST's own parser with its limits, and put back
     * again for a body parameter. On the event loop Quarkus REST would read the form from the
     * connection, where the filter has already taken its first bytes. A refused request is left
     * alone: the rest of its body is never read.
     */
    private static void handOverForm(ResteasyReactiveContainerRequestContext request) throws Exception {
        ResteasyReactiveRequestContext context = context(request);
        if (context == null || context.getFormData() != null || !context.hasInputStream()
                || (request instanceof ContainerRequestContextImpl impl && impl.isAborted())) {
            return;
        }
        RuntimeConfiguration config = context.getDeployment().getRuntimeConfiguration();
        FormEncodedDataDefinition form = new FormEncodedDataDefinition();
        if (config != null) {
            form.setMaxAttributeSize(config.limits().maxFormAttributeSize())
                    .setDefaultCharset(config.body().defaultCharset().name());
        }
        byte[] body = context.getInputStream().readAllBytes();
        context.setInputStream(new ByteArrayInputStream(body));
        FormDataParser parser = form.create(context, Set.of());
        if (parser != null) {
            parser.parseBlocking();
        }
        context.setInputStream(new ByteArrayInputStream(body));
    }

    private static ResteasyReactiveRequestContext context(ContainerRequestContext request) {
        if (request instanceof ResteasyReactiveContainerRequestContext reactive
                && reactive.getServerRequestContext() instanceof ResteasyReactiveRequestContext context) {
            return context;
        }
        return null;
    }
}
