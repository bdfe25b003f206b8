package com.playtcha.jakarta.spring;

import com.playtcha.jakarta.core.PlaytchaVerifier;
import java.util.function.Supplier;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * The {@code playtcha} health indicator on Spring Boot 3.5 ({@code org.springframework.boot.actuate.health},
 * which Spring Boot 4 moved); {@link HealthReport} says what it reports. Spring Boot 4 gets
 * {@link PlaytchaHealthIndicator}.
 */
public final class PlaytchaActuateHealthIndicator implements HealthIndicator {

    private final Supplier<PlaytchaVerifier> verifier;

    PlaytchaActuateHealthIndicator(Supplier<PlaytchaVerifier> verifier) {
        this.verifier = verifier;
    }

    @Override
    public Health health() {
        HealthReport report = HealthReport.of(verifier);
        return (report.up() ? Health.up() : Health.down()).withDetails(report.details()).build();
    }
}
