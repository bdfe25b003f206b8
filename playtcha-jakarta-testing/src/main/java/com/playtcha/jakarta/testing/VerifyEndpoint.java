package com.playtcha.jakarta.testing;

import com.playtcha.jakarta.testing.VerifyService.Reply;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/** The HTTP face of {@link VerifyService}: routes, parses, records, and applies faults. */
final class VerifyEndpoint extends Handler.Abstract {

    static final String PATH = "/v1/verify";

    private final VerifyService service;
    private final Function<String, Fault> nextFault;
    private final Consumer<RecordedCall> recorder;
    private final ScheduledExecutorService scheduler;

    VerifyEndpoint(VerifyService service, Function<String, Fault> nextFault, Consumer<RecordedCall> recorder,
            ScheduledExecutorService scheduler) {
        this.service = service;
        this.nextFault = nextFault;
        this.recorder = recorder;
        this.scheduler = scheduler;
    }

    private record Parsed(String secret, String token) {
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!PATH.equals(Request.getPathInContext(request))) {
            send(response, callback, Reply.error(404, "not_found", "No such endpoint."));
            return true;
        }
        if (!"POST".equals(request.getMethod())) {
            Reply notAllowed = Reply.error(405, "method_not_allowed", "Use POST.");
            send(response, callback, new Reply(405, notAllowed.body(), Map.of("Allow", "POST")));
            return true;
        }
        Parsed parsed = parse(Content.Source.asString(request, StandardCharsets.UTF_8));
        String remote = Request.getRemoteAddr(request);
        Fault fault = nextFault.apply(parsed.token());
        Reply reply = fault == null || fault.kind == Fault.Kind.DELAY || fault.kind == Fault.Kind.DRIP
                || fault.kind == Fault.Kind.LOST_REPLY
                ? service.verify(parsed.secret(), parsed.token(), remote)
                : null;
        int status = fault == null ? reply.status() : answeredStatus(fault, reply);
        recorder.accept(new RecordedCall(service.now(), remote, request.getMethod(),
                request.getHeaders().get(HttpHeader.CONTENT_TYPE), request.getHeaders().get(HttpHeader.USER_AGENT),
                parsed.secret(), parsed.token(), status, fault));
        if (fault == null) {
            send(response, callback, reply);
        } else {
            answer(fault, reply, request.getConnectionMetaData().getConnection().getEndPoint(), response, callback);
        }
        return true;
    }

    /** Answers as {@code fault} says, with {@code reply} the normal answer where the fault needs one. */
    private void answer(Fault fault, Reply reply, EndPoint endPoint, Response response, Callback callback) {
        switch (fault.kind) {
            case DELAY -> later(fault, callback, () -> send(response, callback, reply));
            case HANG -> closeWhenClientLeaves(endPoint, callback);
            case RESET, LOST_REPLY -> reset(endPoint, callback);
            case REPLY -> send(response, callback, new Reply(fault.status, fault.bodyNow(), fault.headers),
                    fault.contentType);
            case RAW -> endPoint.write(Callback.from(() -> {
                endPoint.close();
                callback.failed(new IOException("raw response written"));
            }, callback::failed), ByteBuffer.wrap(fault.body));
            case DRIP -> drip(response, callback, reply, reply.body().getBytes(StandardCharsets.UTF_8), 0, fault);
            default -> throw new IllegalStateException(fault.kind.name());
        }
    }

    private static int answeredStatus(Fault fault, Reply reply) {
        return switch (fault.kind) {
            case REPLY -> fault.status;
            case DELAY, DRIP -> reply.status();
            default -> 0;
        };
    }

    private static Parsed parse(String body) {
        try (var reader = Envelopes.JSON.createReader(new StringReader(body))) {
            JsonStructure json = reader.read();
            if (json instanceof JsonObject object) {
                return new Parsed(string(object.get("secret")), string(object.get("token")));
            }
        } catch (JsonException notJson) {
            // answered below as an invalid request
        }
        return new Parsed(null, null);
    }

    private static String string(JsonValue value) {
        return value instanceof JsonString s ? s.getString() : null;
    }

    private static void send(Response response, Callback callback, Reply reply) {
        send(response, callback, reply, "application/json");
    }

    private static void send(Response response, Callback callback, Reply reply, String contentType) {
        response.setStatus(reply.status());
        if (contentType != null) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        }
        reply.headers().forEach(response.getHeaders()::put);
        Content.Sink.write(response, true, reply.body(), callback);
    }

    /** SO_LINGER 0 makes close() send RST instead of FIN: the client sees "connection reset". */
    private static void reset(EndPoint endPoint, Callback callback) {
        try {
            if (endPoint.getTransport() instanceof SocketChannel channel) {
                channel.setOption(StandardSocketOptions.SO_LINGER, 0);
            }
        } catch (IOException alreadyClosed) {
            // closing it below is all that is left to do
        }
        endPoint.close();
        callback.failed(new IOException("simulated connection reset"));
    }

    /**
     * Never answers, but watches the connection: while an exchange is being handled Jetty does not
     * read, so it would not see a client that gives up, and the connection would stay open (in
     * CLOSE-WAIT, counted by {@code openConnections()}) until the simulator stops. On the client's
     * FIN this closes our side too; stopping the simulator still closes a hang that nobody left.
     */
    private static void closeWhenClientLeaves(EndPoint endPoint, Callback callback) {
        endPoint.fillInterested(Callback.from(() -> {
            ByteBuffer discard = BufferUtil.allocate(256);
            try {
                int read;
                while ((read = endPoint.fill(discard)) > 0) {
                    BufferUtil.clear(discard);
                }
                if (read < 0) {
                    endPoint.close();
                    callback.failed(new EofException("client left a hung exchange"));
                } else {
                    closeWhenClientLeaves(endPoint, callback);
                }
            } catch (IOException e) {
                endPoint.close();
                callback.failed(e);
            }
        }, failure -> {
            if (failure instanceof TimeoutException && endPoint.isOpen()) {
                closeWhenClientLeaves(endPoint, callback); // an idle timeout does not end a hang
            } else {
                callback.failed(failure);
            }
        }));
    }

    /** Runs {@code task} after the fault's duration; a stopped simulator fails the exchange instead. */
    private void later(Fault fault, Callback callback, Runnable task) {
        try {
            scheduler.schedule(task, fault.duration.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopped) {
            callback.failed(stopped);
        }
    }

    /** The normal reply (its status and headers too, not always a 200), one body byte at a time. */
    private void drip(Response response, Callback callback, Reply reply, byte[] body, int index, Fault fault) {
        if (index == 0) {
            response.setStatus(reply.status());
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            reply.headers().forEach(response.getHeaders()::put);
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        }
        boolean last = index == body.length - 1;
        Callback next = Callback.from(() -> {
            if (last) {
                callback.succeeded();
            } else {
                later(fault, callback, () -> drip(response, callback, reply, body, index + 1, fault));
            }
        }, callback::failed);
        response.write(last, ByteBuffer.wrap(body, index, 1), next);
    }
}
