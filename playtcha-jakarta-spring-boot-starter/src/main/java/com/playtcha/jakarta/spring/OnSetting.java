package com.playtcha.jakarta.spring;

import com.playtcha.jakarta.core.Setting;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * A part of the starter that one setting switches on, read as {@link SpringSettings} reads it (a value
 * the library refuses fails start-up, naming the key).
 */
abstract class OnSetting implements Condition {

    /** {@code playtcha.url-patterns} names at least one pattern. */
    static final class UrlPatterns extends OnSetting {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            String patterns = SpringSettings.configuration(context.getEnvironment()).apply(Setting.URL_PATTERNS.key());
            return patterns != null && !Setting.URL_PATTERNS.items(patterns).isEmpty();
        }
    }

    /** {@code playtcha.health.enabled} is on (the default). */
    static final class Health extends OnSetting {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return SpringSettings.flag(context.getEnvironment(), Setting.HEALTH_ENABLED);
        }
    }

    /** {@code playtcha.metrics.enabled} is on (the default). */
    static final class Metrics extends OnSetting {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return SpringSettings.flag(context.getEnvironment(), Setting.METRICS_ENABLED);
        }
    }
}
