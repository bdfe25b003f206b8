package com.playtcha.examples.webflux;

import com.playtcha.jakarta.spring.webflux.ReactivePlaytchaVerifier;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** A JSON API that verifies its token in code, with the application's one verifier as a Mono (the filter's too). */
@RestController
public class NewsletterController {

    private final ReactivePlaytchaVerifier playtcha;

    public NewsletterController(ReactivePlaytchaVerifier playtcha) {
        this.playtcha = playtcha;
    }

    public record Subscription(String email, String token) {
    }

    @PostMapping("/api/newsletter")
    public Mono<ResponseEntity<String>> subscribe(@RequestBody Subscription subscription, ServerWebExchange exchange) {
        return playtcha.verify(subscription.token(), exchange).map(v -> {
            if (!v.proceeds()) {
                ResponseEntity.BodyBuilder refused = ResponseEntity.status(v.decision().status());
                if (v.decision().retryAfterSeconds() > 0) { // a 429 (Playtcha's or the client budget's), an overloaded 503
                    refused.header(HttpHeaders.RETRY_AFTER, Long.toString(v.decision().retryAfterSeconds()));
                }
                return refused.body("refused: " + v.result().errorCode());
            }
            // Failed open (Playtcha unavailable): keep the ledger id with the subscription; null when verified.
            String ledgerId = v.ledgerEntry() == null ? null : v.ledgerEntry().id();
            return ResponseEntity.ok("subscribed " + subscription.email() + (ledgerId == null ? "" : " ledger-id=" + ledgerId));
        });
    }
}
