package com.playtcha.examples.spring;

import com.playtcha.jakarta.servlet.PlaytchaFilter;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

@Configuration
public class PlaytchaConfiguration {

    @Bean
    public FilterRegistrationBean<PlaytchaFilter> playtchaFilter(Environment environment) {
        FilterRegistrationBean<PlaytchaFilter> filter = new FilterRegistrationBean<>(new PlaytchaFilter());
        filter.setName("playtcha");
        filter.addUrlPatterns("/signup", "/api/*");
        // Every playtcha.* key of application.properties (or PLAYTCHA_* variable) becomes the init-param
        // without the prefix: playtcha.fail-closed=true is fail-closed=true.
        Binder.get(environment).bind("playtcha", Bindable.mapOf(String.class, String.class))
                .orElse(Map.of()).forEach(filter::addInitParameter);
        return filter;
    }
}
