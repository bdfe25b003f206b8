package com.playtcha.jakarta.spring;

import com.playtcha.jakarta.core.PlaytchaVerifier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * The Actuator health indicator {@code playtcha} (bean {@code playtchaHealthIndicator}), where the
 * application has Spring Boot's health API; off with {@code playtcha.health.enabled=false}. Spring Boot
 * 4 moved that API, so each line gets a class compiled against its own, chosen by the class present:
 * {@link PlaytchaHealthIndicator} on 4.0, {@link PlaytchaActuateHealthIndicator} on 3.5. The indicator
 * is UP whenever the application runs (a verifier that cannot be built stops start-up), with the
 * verifier's status as details: {@link HealthReport}.
 */
@AutoConfiguration(after = PlaytchaAutoConfiguration.class)
@Conditional(OnSetting.Health.class)
public class PlaytchaHealthAutoConfiguration {

    static final String BOOT_4 = "org.springframework.boot.health.contributor.HealthIndicator";
    static final String BOOT_3 = "org.springframework.boot.actuate.health.HealthIndicator";

    /** Spring Boot 4: {@code org.springframework.boot.health.contributor}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = BOOT_4)
    static class Boot4 {
        @Bean
        PlaytchaHealthIndicator playtchaHealthIndicator(ObjectProvider<PlaytchaVerifier> verifier) {
            return new PlaytchaHealthIndicator(verifier::getObject);
        }
    }

    /** Spring Boot 3.5: {@code org.springframework.boot.actuate.health}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = BOOT_3)
    @ConditionalOnMissingClass(BOOT_4)
    static class Boot3 {
        @Bean
        PlaytchaActuateHealthIndicator playtchaHealthIndicator(ObjectProvider<PlaytchaVerifier> verifier) {
            return new PlaytchaActuateHealthIndicator(verifier::getObject);
        }
    }
}
