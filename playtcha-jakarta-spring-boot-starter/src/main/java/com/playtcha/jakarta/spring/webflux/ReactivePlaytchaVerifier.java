package com.playtcha.jakarta.spring.webflux;

import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.Policy;
import com.playtcha.jakarta.core.Verification;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The application's {@link PlaytchaVerifier} as a {@link Mono}, for WebFlux code that verifies by hand (a JSON
 * API whose token is in its body): {@link #verify(String, ServerWebExchange)} decides one request through the
 * verifier's non-blocking verify, with its one decision table, breaker, budgets and fail-open ledger, and
 * never blocks the subscribing thread. The Spring Boot starter makes one (bean {@code reactivePlaytchaVerifier})
 * in a reactive web application; inject it.
 *
 * <pre>{@code
 * return playtcha.verify(body.token(), exchange).flatMap(v -> v.proceeds()
 *         ? subscribe(body)
 *         : Mono.just(ResponseEntity.status(v.decision().status()).body("refused: " + v.result().errorCode())));
 * }</pre>
 *
 * <p>Lazy, as a {@code Mono} is: nothing is verified until it is subscribed to, and each subscription verifies
 * once more (so do not re-subscribe: a second verify of one token is a replay). It emits one
 * {@link Verification}, never an error for anything a client, Playtcha or the network does. When the verify
 * had to ask Playtcha it emits on the event loop of the exchange's connection (on Reactor Netty; elsewhere a Reactor
 * {@code parallel} thread: {@link ExchangeLoop}), never on the verifier's own threads;
 * cancelling it changes nothing in the verifier (the verify is still decided and recorded).
 */
public final class ReactivePlaytchaVerifier {

    private final PlaytchaVerifier verifier;

    public ReactivePlaytchaVerifier(PlaytchaVerifier verifier) {
        this.verifier = verifier;
    }

    /**
     * Decides {@code exchange}'s request under the verifier's own policy: its client's address as the server saw
     * it (behind a proxy: {@code server.forward-headers-strategy=framework}) and its path.
     *
     * @param token the token the client sent, or {@code null}
     */
    public Mono<Verification> verify(String token, ServerWebExchange exchange) {
        return verify(token, GuardedExchange.address(exchange), exchange.getRequest().getPath().value(), verifier.policy(), exchange);
    }

    /**
     * {@link PlaytchaVerifier#verifyAsync(String, String, String, Policy)} as a {@code Mono}, for a verify of no exchange:
     * when it asked Playtcha it emits on a Reactor {@code parallel} thread.
     */
    public Mono<Verification> verify(String token, String clientAddress, String path, Policy policy) {
        return verify(token, clientAddress, path, policy, null);
    }

    /**
     * {@link PlaytchaVerifier#verifyAsync(String, String, String, Policy)} as a {@code Mono} that, when it asked Playtcha,
     * emits where {@code exchange} goes on ({@link ExchangeLoop}; {@code null}: a {@code parallel} thread).
     */
    public Mono<Verification> verify(String token, String clientAddress, String path, Policy policy, ServerWebExchange exchange) {
        return Mono.defer(() -> ExchangeLoop.answered(verifier.verifyAsync(token, clientAddress, path, policy).toCompletableFuture(),
                exchange));
    }

    /** The verifier this answers for. */
    public PlaytchaVerifier verifier() {
        return verifier;
    }
}
