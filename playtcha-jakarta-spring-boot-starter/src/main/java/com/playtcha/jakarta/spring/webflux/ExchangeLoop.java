package com.playtcha.jakarta.spring.webflux;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.util.ClassUtils;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;

/**
 * Where an exchange goes on after the starter answered it on a thread of its own (the verifier's I/O threads, the login
 * counts' threads): on Reactor Netty, the event loop of the exchange's own connection; on another server (Tomcat, Jetty
 * or Undertow under WebFlux), with no exchange, or with a request of no server (Spring's mock request, which a
 * {@code WebTestClient} bound to an application or a controller sends), a Reactor {@code parallel} thread. Never on the thread that
 * answered: an application's handler must not hold (or block) the verifier's threads.
 *
 * <p>Why the connection's own loop rather than any free thread: a response written from another thread ends its
 * exchange one task of the loop later, and Reactor Netty up to 1.3.7 (every 1.2 release too) can then stop reading a
 * keep-alive connection for good when the client's next request arrives in between: it is queued as if pipelined, and
 * once it is answered nothing asks the connection to read again, so the request after it waits until the client gives
 * up (reactor-netty issue 4361; 1.3.8 resumes the read, by its code). A browser's post, its redirect and the next page are such
 * a sequence. Written from the connection's loop, the response and the end of its exchange are one task, and no request
 * can come between them. The loop is read through Reactor Netty's public {@code Connection}, which its request is; the
 * class is looked up once, so that the starter needs no Reactor Netty on another server.
 */
public final class ExchangeLoop {

    private static final boolean REACTOR_NETTY = ClassUtils.isPresent("reactor.netty.Connection", ExchangeLoop.class.getClassLoader());

    private ExchangeLoop() {
    }

    /** The scheduler {@code exchange} goes on on ({@code null}: no exchange, a {@code parallel} thread). */
    public static Scheduler of(ServerWebExchange exchange) {
        Executor loop = exchange == null || !REACTOR_NETTY ? null : OnReactorNetty.loop(exchange.getRequest());
        return loop == null ? Schedulers.parallel() : Schedulers.fromExecutor(loop);
    }

    /**
     * {@code stage} as a {@code Mono} that goes on where {@code exchange} does: here when it is already complete, else
     * on {@link #of}. Cancelling the {@code Mono} cancels nothing of the stage.
     */
    public static <T> Mono<T> answered(CompletableFuture<T> stage, ServerWebExchange exchange) {
        return stage.isDone() ? Mono.fromFuture(stage) : Mono.fromFuture(stage, true).publishOn(of(exchange));
    }

    /** What names Reactor Netty, loaded only where it is present. */
    private static final class OnReactorNetty {
        static Executor loop(ServerHttpRequest request) {
            Object underneath;
            try {
                underneath = ServerHttpRequestDecorator.getNativeRequest(request);
            } catch (IllegalStateException none) { // Spring's mock request, as WebTestClient bound to an application makes
                return null;
            }
            return underneath instanceof Connection connection ? connection.channel().eventLoop() : null;
        }
    }
}
