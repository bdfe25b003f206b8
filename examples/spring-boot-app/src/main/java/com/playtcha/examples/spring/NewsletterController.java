package com.playtcha.examples.spring;

import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.Verification;
import jakarta.servlet.http.HttpServletRequest;
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
            return ResponseEntity.status(v.decision().status()).body("refused: " + v.result().errorCode());
        }
        return ResponseEntity.ok("subscribed " + subscription.email());
    }
}
