package com.playtcha.jakarta.spring.it.takeover;

import com.playtcha.jakarta.core.PlaytchaListener;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.Policy;
import com.playtcha.jakarta.core.Verification;
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.core.VerifierStatus;
import com.playtcha.jakarta.servlet.PlaytchaFilter;
import jakarta.servlet.http.HttpServletRequest;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * An application that takes over from the starter: its own filter registration (on /signup only, in
 * observe mode) and its own verifier bean (which counts its calls), next to the starter and the
 * tests' {@code playtcha.url-patterns}.
 */
@SpringBootApplication
public class TakeoverApplication {

    @Bean
    FilterRegistrationBean<PlaytchaFilter> playtchaFilter() {
        FilterRegistrationBean<PlaytchaFilter> registration = new FilterRegistrationBean<>(new PlaytchaFilter());
        registration.addUrlPatterns("/signup");
        registration.addInitParameter("mode", "observe");
        return registration;
    }

    @Bean
    CountingVerifier playtchaVerifier(PlaytchaSettings settings) {
        return new CountingVerifier(PlaytchaVerifier.create(settings));
    }

    /** The library's verifier, counting the decisions asked of it. */
    public static final class CountingVerifier implements PlaytchaVerifier {
        private final PlaytchaVerifier verifier;
        public final AtomicInteger verifies = new AtomicInteger();

        CountingVerifier(PlaytchaVerifier verifier) {
            this.verifier = verifier;
        }

        @Override
        public Verification verify(String token, String clientAddress, String path, Policy policy) {
            verifies.incrementAndGet();
            return verifier.verify(token, clientAddress, path, policy);
        }

        @Override
        public Policy policy() {
            return verifier.policy();
        }

        @Override
        public VerificationResult ask(String token) {
            return verifier.ask(token);
        }

        @Override
        public void addListener(PlaytchaListener listener) {
            verifier.addListener(listener);
        }

        @Override
        public boolean removeListener(PlaytchaListener listener) {
            return verifier.removeListener(listener);
        }

        @Override
        public VerifierStatus status() {
            return verifier.status();
        }

        @Override
        public void close() {
            verifier.close();
        }
    }

    @RestController
    static class Controller {
        @PostMapping({"/signup", "/contact"})
        String post(HttpServletRequest request) {
            return "outcome=" + request.getAttribute(PlaytchaFilter.OUTCOME);
        }
    }
}
