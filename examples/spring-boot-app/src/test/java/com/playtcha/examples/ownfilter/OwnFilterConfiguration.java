package com.playtcha.examples.ownfilter;

import com.playtcha.jakarta.servlet.PlaytchaFilter;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Takes over from playtcha.url-patterns: the application maps, orders and tunes its own PlaytchaFilter. */
@Configuration
public class OwnFilterConfiguration {

    @Bean
    public FilterRegistrationBean<PlaytchaFilter> playtchaFilter() {
        FilterRegistrationBean<PlaytchaFilter> registration = new FilterRegistrationBean<>(new PlaytchaFilter());
        registration.addUrlPatterns("/signup", "/contact/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 100);
        // settings of this filter alone; the others (the secret too) still come from Spring's configuration
        registration.addInitParameter("reject-status", "422");
        return registration;
    }
}
