package com.playtcha.jakarta.spring.webflux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/** The body read for its token and handed on as it came: what was taken, then the rest, asked for only as it is read. */
class TokenBodyTest {

    private static DataBuffer buffer(String text) {
        return DefaultDataBufferFactory.sharedInstance.wrap(text.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] joined(Flux<DataBuffer> body) {
        DataBuffer all = DataBufferUtils.join(body).block(Duration.ofSeconds(30));
        byte[] bytes = new byte[all.readableByteCount()];
        all.read(bytes);
        return bytes;
    }

    private static HeldBytes roomy() {
        return new HeldBytes(PlaytchaWebFilter.MAX_HELD);
    }

    @Test
    void theTokenFound_stopsTheReading_andTheBodyIsHandedOnWhole() {
        AtomicLong asked = new AtomicLong();
        Flux<DataBuffer> body = Flux.fromIterable(List.of("a=1&playtcha-", "token=ptk_x&b=", "2", "&c=3"))
                .map(TokenBodyTest::buffer).doOnRequest(asked::addAndGet);
        TokenBody read = TokenBody.read(body, FormField.of("playtcha-token", null), Duration.ofSeconds(30), Schedulers.parallel(), roomy());

        assertEquals("ptk_x", read.token().block(Duration.ofSeconds(30)).token());
        assertEquals(2, asked.get(), "two buffers asked for: the token's end was in the second");
        assertArrayEquals("a=1&playtcha-token=ptk_x&b=2&c=3".getBytes(StandardCharsets.US_ASCII), joined(read.body()));
    }

    @Test
    void aBodyThatNeverEnds_isGivenUpOnAfterTheWait_withNoToken() {
        Sinks.Many<DataBuffer> dribble = Sinks.many().unicast().onBackpressureBuffer();
        dribble.tryEmitNext(buffer("email=a"));
        TokenBody read = TokenBody.read(dribble.asFlux(), FormField.of("playtcha-token", null), Duration.ofMillis(50),
                Schedulers.parallel(), roomy());

        assertEquals(new TokenBody.Read(null, false), read.token().block(Duration.ofSeconds(30)));
        read.close();
        assertFalse(dribble.currentSubscriberCount() > 0, "closing stopped reading the body");
    }

    /**
     * What the wait decides goes on on the exchange's loop, as the body's own end would: answered from a {@code parallel}
     * thread, a response met Reactor Netty's keep-alive stall (docs/webflux.md, "Which threads").
     */
    @Test
    void aBodyThatNeverEnds_isGivenUpOnOnTheLoopItWasGiven() {
        AtomicLong onTheLoop = new AtomicLong();
        Scheduler loop = Schedulers.fromExecutor(task -> {
            onTheLoop.incrementAndGet();
            Schedulers.single().schedule(task);
        });
        Sinks.Many<DataBuffer> dribble = Sinks.many().unicast().onBackpressureBuffer();
        dribble.tryEmitNext(buffer("email=a"));
        TokenBody read = TokenBody.read(dribble.asFlux(), FormField.of("playtcha-token", null), Duration.ofMillis(50), loop, roomy());

        assertEquals(new TokenBody.Read(null, false), read.token().block(Duration.ofSeconds(30)));
        read.close();
        assertEquals(1, onTheLoop.get(), "the wait's decision went on on the loop it was given");
    }

    @Test
    void aBodyWithoutTheToken_endsAbsent_andIsHandedOnWhole() {
        TokenBody read = TokenBody.read(Flux.just(buffer("a=1"), buffer("&b=2")), FormField.of("playtcha-token", null),
                Duration.ofSeconds(30), Schedulers.parallel(), roomy());

        assertEquals(new TokenBody.Read(null, false), read.token().block(Duration.ofSeconds(30)));
        assertArrayEquals("a=1&b=2".getBytes(StandardCharsets.US_ASCII), joined(read.body()));
    }

    @Test
    void whatARead_holds_isCounted_untilItIsClosed() {
        HeldBytes held = roomy();
        TokenBody read = TokenBody.read(Flux.just(buffer("a=1&playtcha-token=ptk_x&b=2")), FormField.of("playtcha-token", null),
                Duration.ofSeconds(30), Schedulers.parallel(), held);

        assertEquals("ptk_x", read.token().block(Duration.ofSeconds(30)).token());
        assertTrue(held.held() >= "a=1&playtcha-token=ptk_x&".length(), "the finder's buffer and what is left over: " + held.held());
        read.close();
        assertEquals(0, held.held(), "all given back");
        read.close();
        assertEquals(0, held.held(), "given back once");
    }

    @Test
    void aBodyThatFindsTheBoundReached_isNotRead_andIsHandedOnWhole() {
        HeldBytes held = new HeldBytes(8);
        assertTrue(held.take(5));
        TokenBody read = TokenBody.read(Flux.just(buffer("a=1&b=2"), buffer("&c=3")), FormField.of("playtcha-token", null),
                Duration.ofSeconds(30), Schedulers.parallel(), held);

        assertEquals(new TokenBody.Read(null, true), read.token().block(Duration.ofSeconds(30)));
        assertEquals(5, held.held(), "nothing of this body counted: it was not copied");
        assertArrayEquals("a=1&b=2&c=3".getBytes(StandardCharsets.US_ASCII), joined(read.body()));
        read.close();
        assertEquals(5, held.held(), "what others hold stays theirs");
    }

    @Test
    void aBodyThatFailsWhileRead_givesBackWhatItHeld_whenClosed() {
        HeldBytes held = roomy();
        Sinks.Many<DataBuffer> dribble = Sinks.many().unicast().onBackpressureBuffer();
        dribble.tryEmitNext(buffer("email=a"));
        TokenBody read = TokenBody.read(dribble.asFlux(), FormField.of("playtcha-token", null), Duration.ofSeconds(30),
                Schedulers.parallel(), held);
        assertTrue(held.held() > 0, "the first buffer is held while the token is looked for");

        dribble.tryEmitError(new IllegalStateException("the client went away"));
        assertEquals(new TokenBody.Read(null, false), read.token().block(Duration.ofSeconds(30)));
        read.close();
        assertEquals(0, held.held());
    }
}
