package com.playtcha.examples.spring;

import com.playtcha.jakarta.servlet.PlaytchaFilter;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class SignupController {

    @GetMapping(value = "/signup", produces = MediaType.TEXT_HTML_VALUE)
    public String form() {
        return "<form method=post><input name=email><input type=hidden name=playtcha-token></form>";
    }

    @PostMapping("/signup")
    public String signUp(@RequestParam("email") String email, HttpServletRequest request) {
        return "welcome " + email
                + "\noutcome=" + request.getAttribute(PlaytchaFilter.OUTCOME)
                + "\nfailed-open=" + request.getAttribute(PlaytchaFilter.FAILED_OPEN)
                + "\nledger-id=" + request.getAttribute(PlaytchaFilter.LEDGER_ID);
    }
}
