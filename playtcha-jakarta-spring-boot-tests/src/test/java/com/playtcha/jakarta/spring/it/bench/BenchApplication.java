package com.playtcha.jakarta.spring.it.bench;

import com.playtcha.jakarta.core.Setting;
import com.playtcha.jakarta.servlet.PlaytchaFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import java.util.EnumSet;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The benchmark's application: the starter's filter on /starter ({@code playtcha.url-patterns}, the
 * application's verifier bean) beside a PlaytchaFilter registered by hand on /hand the way the guide
 * showed before the starter, every setting copied into its init-params (so it builds its own verifier).
 * Added through the servlet context, so the starter still registers its own.
 */
@SpringBootApplication
public class BenchApplication {

    @Bean
    ServletContextInitializer handRegisteredFilter(Environment environment) {
        return context -> {
            FilterRegistration.Dynamic filter = context.addFilter("hand", new PlaytchaFilter());
            for (Setting setting : Setting.values()) {
                String value = environment.getProperty(setting.key());
                if (value != null && setting != Setting.URL_PATTERNS) {
                    filter.setInitParameter(setting.initParam(), value);
                }
            }
            filter.setAsyncSupported(true);
            filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/hand");
        };
    }

    @RestController
    static class Controller {
        @PostMapping({"/starter", "/hand"})
        String post() {
            return "ok";
        }
    }
}
