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
 * What the REST filter does differently in Quarkus REST (loaded only there, {@link PlaytchaFeature#QUARKUS_REST}):
 * a request filtered on the Vert.x I/O thread is decided on a worker thread; the form read for its token
 * is handed to Quarkus REST as the request's form; the client's address is Vert.x's. See design/web.md.
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

    /** The first value of {@code field} in the request's urlencoded form, read once and handed to Quarkus REST. */
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
