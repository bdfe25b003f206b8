package com.playtcha.jakarta.rest;

import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import org.jboss.resteasy.reactive.server.core.BlockingOperationSupport;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.core.multipart.FormData;
import org.jboss.resteasy.reactive.server.multipart.FormValue;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveContainerRequestContext;

/**
 * What the REST filter does differently in Quarkus REST, which runs the filters of a reactive
 * endpoint (one returning {@code Uni}, or {@code @NonBlocking}) on the Vert.x I/O thread, where
 * nothing may wait. Loaded only there ({@link PlaytchaFeature#QUARKUS_REST} checks first).
 * <ul>
 *   <li>A request filtered on the I/O thread is suspended, decided on Quarkus's worker pool (Mutiny's
 *       default executor, which Quarkus sets to it) and resumed; one already on a worker thread (a
 *       blocking endpoint) is decided where it is.</li>
 *   <li>The form's token: the whole form is read (on the worker thread) and handed to Quarkus REST as
 *       the request's form, so its own form handler does not wait for a body already read.</li>
 *   <li>The client's address, for its verify budget, is the Vert.x request's {@code remoteAddress()}
 *       (the forwarded one with {@code quarkus.http.proxy.proxy-address-forwarding}). Called by its
 *       name, so that the library needs no Vert.x type.</li>
 * </ul>
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
                } catch (IOException | RuntimeException | Error e) {
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

    /** Whether this request is Quarkus REST's. */
    static boolean isQuarkusRest(ContainerRequestContext request) {
        return context(request) != null;
    }

    /**
     * The first value of {@code field} in the request's urlencoded form. The form Quarkus REST has
     * read is used; else the whole body is read here (off the I/O thread), put back, and handed to
     * Quarkus REST as the request's form, which its form handler would otherwise try to read again
     * from the connection, for good, on a reactive endpoint.
     */
    static String formField(ContainerRequestContext request, String field, Charset charset) throws IOException {
        ResteasyReactiveRequestContext context = context(request);
        FormData form = context.getFormData();
        if (form == null) {
            byte[] body = request.getEntityStream().readAllBytes();
            request.setEntityStream(new ByteArrayInputStream(body));
            List<String[]> pairs = new ArrayList<>();
            FormToken.forEachPair(body, charset, (name, value) -> pairs.add(new String[] {name, value}));
            form = new FormData(pairs.size() + 1);
            for (String[] pair : pairs) {
                form.add(pair[0], pair[1]);
            }
            context.setFormData(form);
        }
        FormValue value = form.getFirst(field);
        return value == null || value.isFileItem() ? null : value.getValue();
    }

    private static ResteasyReactiveRequestContext context(ContainerRequestContext request) {
        if (request instanceof ResteasyReactiveContainerRequestContext reactive
                && reactive.getServerRequestContext() instanceof ResteasyReactiveRequestContext context) {
            return context;
        }
        return null;
    }
}
