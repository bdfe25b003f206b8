package com.playtcha.jakarta.spring.it.signup;

import com.playtcha.jakarta.core.DecisionEvent;
import com.playtcha.jakarta.core.PlaytchaListener;
import com.playtcha.jakarta.servlet.PlaytchaFilter;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * An application that only adds the starter: the filter comes from {@code playtcha.url-patterns}
 * (application.yml: /signup and /contact), the verifier from the starter; a listener bean hears it.
 */
@SpringBootApplication
public class SignupTestApplication {

    /** Every decision the application's verifier reported to this bean. */
    @Bean
    Decisions decisions() {
        return new Decisions();
    }

    /** A {@link PlaytchaListener} bean: the starter hands it to the verifier it builds. */
    public static final class Decisions implements PlaytchaListener {
        public final List<DecisionEvent> heard = new CopyOnWriteArrayList<>();

        @Override
        public void decided(DecisionEvent event) {
            heard.add(event);
        }
    }

    @RestController
    static class Controller {

        @GetMapping(value = "/signup", produces = MediaType.TEXT_HTML_VALUE)
        String form() {
            return "<form method=post><input name=email><input type=hidden name=playtcha-token></form>";
        }

        @PostMapping({"/signup", "/contact", "/unguarded"})
        String post(HttpServletRequest request) {
            return "outcome=" + request.getAttribute(PlaytchaFilter.OUTCOME)
                    + "\nfailed-open=" + request.getAttribute(PlaytchaFilter.FAILED_OPEN)
                    + "\nledger-id=" + request.getAttribute(PlaytchaFilter.LEDGER_ID)
                    + "\nvirtual=" + virtual(Thread.currentThread());
        }

        /** {@code Thread.isVirtual()}, which a Java 17 build cannot name. */
        private static boolean virtual(Thread thread) {
            try {
                return (Boolean) Thread.class.getMethod("isVirtual").invoke(thread);
            } catch (ReflectiveOperationException e) {
                return false;
            }
        }
    }
}
