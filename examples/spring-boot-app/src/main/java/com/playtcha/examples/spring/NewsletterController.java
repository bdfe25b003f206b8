package com.playtcha.examples.spring;

import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.Verification;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** A JSON API that verifies its token in code, with the application's one verifier (the filter's too). */
@RestController
public class NewsletterController {

    private final PlaytchaVerifier verifier;

    public NewsletterController(PlaytchaVerifier verifier) {
        this.verifier = verifier;
    }

    public record Subscription(String email, String token) {
    }

    @PostMapping("/api/newsletter")
    public ResponseEntity<String> subscribe(@RequestBody Subscription subscription, HttpServletRequest request) {
        Verification v = verifier.verify(subscription.token(), request.getRemoteAddr(), request.getRequestURI());
        if (!v.proceeds()) {
            ResponseEntity.BodyBuilder refused = ResponseEntity.status(v.decision().status());
            if (v.decision().retryAfterSeconds() > 0) { // a 429 (Playtcha's or the client budget's), an overloaded 503
                refused.header(HttpHeaders.RETRY_AFTER, Long.toString(v.decision().retryAfterSeconds()));
            }
            return refused.body("refused: " + v.result().errorCode());
        }
        // Failed open (Playtcha unavailable): keep the ledger id with the subscription, to find it again
        // when a PlaytchaListener hears what Playtcha said later; null when verified.
        String ledgerId = v.ledgerEntry() == null ? null : v.ledgerEntry().id();
        return ResponseEntity.ok("subscribed " + subscription.email() + (ledgerId == null ? "" : " ledger-id=" + ledgerId));
    }
}
