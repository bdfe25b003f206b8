package com.playtcha.jakarta.spring;

import com.playtcha.jakarta.core.PlaytchaVerifier;
import java.util.function.Supplier;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code playtcha} health indicator on Spring Boot 4 ({@code org.springframework.boot.health});
 * {@link HealthReport} says what it reports. Spring Boot 3.5 gets {@link PlaytchaActuateHealthIndicator}.
 */
public final class PlaytchaHealthIndicator implements HealthIndicator {

    private final Supplier<PlaytchaVerifier> verifier;

    PlaytchaHealthIndicator(Supplier<PlaytchaVerifier> verifier) {
        this.verifier = verifier;
    }

    @Override
    public Health health() {
        HealthReport report = HealthReport.of(verifier);
        return (report.up() ? Health.up() : Health.down()).withDetails(report.details()).build();
    }
}
