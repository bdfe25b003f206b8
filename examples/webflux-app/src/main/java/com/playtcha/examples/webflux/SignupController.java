package com.playtcha.examples.webflux;

import com.playtcha.jakarta.core.DecisionAttributes;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** The sign-up form and its post, which reaches this controller only with the filter's consent. */
@RestController
public class SignupController {

    @GetMapping(value = "/signup", produces = MediaType.TEXT_HTML_VALUE)
    public Mono<String> form() {
        return Mono.just("<form method=post><input name=email><input type=hidden name=playtcha-token></form>");
    }

    @PostMapping("/signup")
    public Mono<String> signUp(ServerWebExchange exchange) {
        // the filter read the token from this form and handed the whole body on: the form data is all here
        return exchange.getFormData().map(form -> {
            // verified, or failed open (Playtcha unavailable): then keep the ledger id with the account,
            // to find it again when the ledger reports what Playtcha said later
            boolean failedOpen = Boolean.TRUE.equals(exchange.getAttribute(DecisionAttributes.FAILED_OPEN));
            String ledgerId = exchange.getAttribute(DecisionAttributes.LEDGER_ID);
            return "welcome " + form.getFirst("email")
                    + "\noutcome=" + exchange.getAttribute(DecisionAttributes.OUTCOME)
                    + "\nfailed-open=" + failedOpen
                    + "\nledger-id=" + ledgerId;
        });
    }
}
