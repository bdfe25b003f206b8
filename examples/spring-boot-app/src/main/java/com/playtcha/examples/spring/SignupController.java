package com.playtcha.examples.spring;

import com.playtcha.jakarta.servlet.PlaytchaFilter;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The sign-up form and its post, which reaches this controller only with the filter's consent. */
@RestController
public class SignupController {

    @GetMapping(value = "/signup", produces = MediaType.TEXT_HTML_VALUE)
    public String form() {
        return "<form method=post><input name=email><input type=hidden name=playtcha-token></form>";
    }

    @PostMapping("/signup")
    public String signUp(@RequestParam("email") String email, HttpServletRequest request) {
        // verified, or failed open (Playtcha unavailable): then keep the ledger id with the account,
        // to find it again when the ledger reports what Playtcha said later
        boolean failedOpen = Boolean.TRUE.equals(request.getAttribute(PlaytchaFilter.FAILED_OPEN));
        String ledgerId = (String) request.getAttribute(PlaytchaFilter.LEDGER_ID);
        return "welcome " + email
                + "\noutcome=" + request.getAttribute(PlaytchaFilter.OUTCOME)
                + "\nfailed-open=" + failedOpen
                + "\nledger-id=" + ledgerId;
    }
}
