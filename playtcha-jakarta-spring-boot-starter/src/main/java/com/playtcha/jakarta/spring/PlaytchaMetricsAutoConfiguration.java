package com.playtcha.jakarta.spring;

import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.spi.VerifierFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * The verifier's metrics, in one place only: in Micrometer where its API is on the class path
 * ({@link PlaytchaMeters}, a {@code MeterBinder} Spring Boot binds to the application's registry);
 * otherwise through the OpenTelemetry API where that is present, on the application's
 * {@code OpenTelemetry} bean, else on {@code GlobalOpenTelemetry} (as the filter does in any servlet
 * container). Never both, so no series is counted twice. Off with {@code playtcha.metrics.enabled=false}.
 */
@AutoConfiguration(after = PlaytchaAutoConfiguration.class)
@Conditional(OnSetting.Metrics.class)
public class PlaytchaMetricsAutoConfiguration {

    static final String MICROMETER = "io.micrometer.core.instrument.MeterRegistry";
    static final String OPENTELEMETRY = "io.opentelemetry.api.OpenTelemetry";

    /** Micrometer. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = MICROMETER)
    static class Micrometer {
        @Bean
        PlaytchaMeters playtchaMeters(PlaytchaVerifier verifier) {
            return new PlaytchaMeters(verifier);
        }
    }

    /** OpenTelemetry, only without Micrometer. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = OPENTELEMETRY)
    @ConditionalOnMissingClass(MICROMETER)
    static class OpenTelemetry {
        @Bean
        OpenTelemetryRecording playtchaOpenTelemetryMetrics(PlaytchaVerifier verifier, ListableBeanFactory beans)
                throws ClassNotFoundException {
            Class<?> type = Class.forName(OPENTELEMETRY, false, PlaytchaMetricsAutoConfiguration.class.getClassLoader());
            return new OpenTelemetryRecording(VerifierFactory.metrics(verifier, () -> beans.getBeanProvider(type).getIfAvailable()));
        }
    }

    /** Stops the OpenTelemetry recording with the context. */
    static final class OpenTelemetryRecording implements DisposableBean {
        private final Runnable stop;

        OpenTelemetryRecording(Runnable stop) {
            this.stop = stop;
        }

        @Override
        public void destroy() {
            if (stop != null) {
                stop.run();
            }
        }
    }
}
