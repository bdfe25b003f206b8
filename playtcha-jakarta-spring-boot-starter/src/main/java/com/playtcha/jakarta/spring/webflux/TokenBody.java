package com.playtcha.jakarta.spring.webflux;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.reactivestreams.Subscription;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import reactor.core.Disposable;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Reads a form's body just far enough to find the token, without blocking and without taking the body from
 * the application: one buffer at a time, each copied into the {@link Finder} (at most its cap, 1 MiB) and the
 * server's buffer released at once, until the finder decides, the body ends, or {@link #WAIT} passes; then it
 * stops asking for more. {@link #body()} is the body as it came: what was taken, then the rest, read from the
 * connection only as the application asks for it. So a huge body costs at most the cap, and a slow one at most
 * the wait, after which its token counts as absent. {@link #close()} gives up what the application did not take
 * (the rest is left unread, for the server to drop).
 *
 * <p>What it holds is counted in the filter's {@link HeldBytes}: each buffer is taken there before it is copied, the
 * count follows what the finder's buffer grew to, and all of it is given back by {@link #close()}, which the filter
 * calls when the exchange ends however it ends (answered, failed, or cancelled by a client that went away). A buffer
 * that does not fit decides at once: {@link Read#overBound()}, nothing copied, the buffer handed on uncopied as the
 * first of the rest.
 */
final class TokenBody extends BaseSubscriber<DataBuffer> implements AutoCloseable {

    /** The longest wait for the body to show its token: past it, the token counts as absent. */
    static final Duration WAIT = Duration.ofSeconds(10);

    /** What finds the token in the bytes fed to it: {@link FormField}, or the multipart reader. */
    interface Finder {
        boolean wants();

        void feed(ByteBuffer buffer);

        void end();

        String token();

        ByteBuffer taken();

        /** The bytes it holds: its buffer's capacity, which may be more than it took. */
        default int held() {
            return taken().capacity();
        }
    }

    /**
     * What the read decided: the token ({@code null}: none, or none within the cap or the wait), or that the bytes
     * held by all reads were at their bound ({@code overBound}), so that this body was not read.
     */
    record Read(String token, boolean overBound) {
    }

    private final Finder finder;
    private final HeldBytes held;
    private final CompletableFuture<Read> token = new CompletableFuture<>();
    /** What came after the decision: unicast, so the application's one reading of the body gets it, in order. */
    private final Sinks.Many<DataBuffer> rest = Sinks.many().unicast().onBackpressureBuffer();
    /** Set before the body is subscribed to, so that a decision made at once can stop it. */
    private final Disposable timer;
    /** Guarded by this. */
    private boolean decided;
    /** Guarded by this: the part of the buffer that was being fed when the finder decided. */
    private ByteBuffer leftover;
    /** Guarded by this. */
    private boolean restTaken;
    /** Guarded by this: what this read counts in {@link #held}, until {@link #close()} gives it back. */
    private long counted;
    /** Guarded by this: a buffer did not fit under {@link #held}'s bound. */
    private boolean overBound;

    private TokenBody(Flux<DataBuffer> body, Finder finder, Duration wait, Scheduler loop, HeldBytes held) {
        this.finder = finder;
        this.held = held;
        // The timer is parallel's (the loop's scheduler keeps no time); what it decides goes on on the loop.
        timer = Schedulers.parallel().schedule(() -> loop.schedule(this::timeUp), wait.toMillis(), TimeUnit.MILLISECONDS);
        body.subscribe(this);
    }

    /**
     * Starts reading {@code body} into {@code finder}, waiting at most {@code wait} for it to decide, its bytes counted
     * in {@code held}; a decision the wait makes goes on on {@code loop} ({@link ExchangeLoop#of}), as one the body makes
     * goes on where the body came.
     */
    static TokenBody read(Flux<DataBuffer> body, Finder finder, Duration wait, Scheduler loop, HeldBytes held) {
        return new TokenBody(body, finder, wait, loop, held);
    }

    /** What the read decided, once it did. */
    Mono<Read> token() {
        return Mono.fromFuture(token, true);
    }

    /** The body as it came, to be read once: what was taken, then the rest as the reader asks for it. */
    Flux<DataBuffer> body() {
        return Flux.defer(() -> {
            ByteBuffer tail;
            synchronized (this) {
                restTaken = true;
                tail = leftover;
            }
            Flux<DataBuffer> taken = Flux.just(finder.taken(), tail == null ? ByteBuffer.allocate(0) : tail)
                    .filter(ByteBuffer::hasRemaining)
                    .map(DefaultDataBufferFactory.sharedInstance::wrap);
            return Flux.concat(taken, rest.asFlux().doOnRequest(this::request).doOnCancel(this::cancel));
        });
    }

    @Override
    protected void hookOnSubscribe(Subscription subscription) {
        request(1);
    }

    @Override
    protected void hookOnNext(DataBuffer buffer) {
        synchronized (this) {
            if (!decided) {
                if (held.take(buffer.readableByteCount())) {
                    feed(buffer);
                    return;
                }
                overBound = true;
                decide(null);
            }
        }
        if (rest.tryEmitNext(buffer).isFailure()) {
            DataBufferUtils.release(buffer); // given up on already: close() came first
        }
    }

    /**
     * Guarded by this: copies {@code buffer}, whose bytes were taken, into the finder and releases it; then counts
     * what is held now: the finder's buffer, and the copy when part of it is left over for the application.
     */
    private void feed(DataBuffer buffer) {
        byte[] bytes = new byte[buffer.readableByteCount()];
        counted += bytes.length;
        buffer.read(bytes);
        DataBufferUtils.release(buffer);
        ByteBuffer fed = ByteBuffer.wrap(bytes);
        finder.feed(fed);
        boolean wants = finder.wants();
        long holds = finder.held() + (!wants && fed.hasRemaining() ? bytes.length : 0);
        if (holds > counted) {
            held.add(holds - counted);
        } else {
            held.give(counted - holds);
        }
        counted = holds;
        if (wants) {
            request(1);
        } else {
            decide(fed.hasRemaining() ? fed : null);
        }
    }

    @Override
    protected void hookOnComplete() {
        synchronized (this) {
            if (!decided) {
                finder.end();
                decide(null);
            }
        }
        rest.tryEmitComplete();
    }

    @Override
    protected void hookOnError(Throwable failure) {
        synchronized (this) {
            if (!decided) {
                decide(null);
            }
        }
        rest.tryEmitError(failure);
    }

    /** The wait is over: what was not found by now is absent; the finder is fed no more. */
    private synchronized void timeUp() {
        if (!decided) {
            decide(null);
        }
    }

    /** Guarded by this. */
    private void decide(ByteBuffer tail) {
        decided = true;
        leftover = tail;
        timer.dispose();
        token.complete(new Read(finder.token(), overBound));
    }

    /**
     * Done with the request: give back what this read counted in {@link HeldBytes}, and when the application never
     * read the body, stop reading it and release what came after the decision (at most the one buffer asked for).
     * Idempotent.
     */
    @Override
    public void close() {
        timer.dispose();
        boolean untaken;
        synchronized (this) {
            held.give(counted);
            counted = 0;
            untaken = !restTaken;
            restTaken = true;
            if (!decided) {
                decide(null);
            }
        }
        if (untaken) {
            cancel();
            rest.tryEmitComplete();
            rest.asFlux().subscribe(DataBufferUtils::release, failure -> { });
        }
    }
}
