package com.playtcha.examples.spring;

import com.playtcha.jakarta.core.Setting;
import com.playtcha.jakarta.servlet.PlaytchaFilter;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Registers PlaytchaFilter on the sign-up post, with its settings from Spring's configuration. */
@Configuration
public class PlaytchaConfiguration {

    @Bean
    public FilterRegistrationBean<PlaytchaFilter> playtchaFilter(Environment environment) {
        FilterRegistrationBean<PlaytchaFilter> filter = new FilterRegistrationBean<>(new PlaytchaFilter());
        filter.setName("playtcha");
        filter.addUrlPatterns("/signup");
        // Each setting Spring knows (application.properties, PLAYTCHA_API_URL in the environment, ...)
        // becomes the filter's init-param: playtcha.fail-closed=true is fail-closed=true.
        for (Setting setting : Setting.values()) {
            String value = environment.getProperty(setting.key());
            if (value != null) {
                filter.addInitParameter(setting.initParam(), value);
            }
        }
        return filter;
    }
}
