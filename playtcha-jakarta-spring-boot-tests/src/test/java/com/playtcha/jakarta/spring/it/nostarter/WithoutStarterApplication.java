package com.playtcha.jakarta.spring.it.nostarter;

import com.playtcha.jakarta.servlet.PlaytchaFilter;
import com.playtcha.jakarta.spring.PlaytchaAutoConfiguration;
import com.playtcha.jakarta.spring.PlaytchaHealthAutoConfiguration;
import com.playtcha.jakarta.spring.PlaytchaMetricsAutoConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;

/** A Spring Boot application with the library but without the starter: a hand-registered filter, as before it. */
@SpringBootApplication(exclude = {PlaytchaAutoConfiguration.class, PlaytchaHealthAutoConfiguration.class,
        PlaytchaMetricsAutoConfiguration.class})
public class WithoutStarterApplication {

    @Bean
    FilterRegistrationBean<PlaytchaFilter> playtchaFilter() {
        FilterRegistrationBean<PlaytchaFilter> registration = new FilterRegistrationBean<>(new PlaytchaFilter());
        registration.addUrlPatterns("/signup");
        registration.addInitParameter("secret", "sk_test_without_starter");
        return registration;
    }
}
