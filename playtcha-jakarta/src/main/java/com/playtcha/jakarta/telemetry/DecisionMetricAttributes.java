package com.playtcha.jakarta.telemetry;

import com.playtcha.jakarta.core.DecisionEvent;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The OpenTelemetry attributes of the {@code playtcha.decisions} metric (not the request attributes
 * of {@code core.DecisionAttributes}), built once per kind and code and then reused, so a
 * decision allocates none. Bounded: at most {@value #MAX_CODES} codes per kind; further codes share
 * {@value #OTHER}, as OpenTelemetry's conventions do for open-ended values.
 */
final class DecisionMetricAttributes {

    static final AttributeKey<String> KIND = AttributeKey.stringKey("playtcha.decision.kind");
    static final AttributeKey<String> CODE = AttributeKey.stringKey("playtcha.code");
    static final int MAX_CODES = 64;
    static final String OTHER = "_OTHER";

    private final Attributes[] withoutCode = new Attributes[DecisionEvent.Kind.values().length];
    @SuppressWarnings("unchecked")
    private final ConcurrentMap<String, Attributes>[] withCode = new ConcurrentMap[DecisionEvent.Kind.values().length];

    DecisionMetricAttributes() {
        for (DecisionEvent.Kind kind : DecisionEvent.Kind.values()) {
            withoutCode[kind.ordinal()] = Attributes.of(KIND, PlaytchaMetrics.lower(kind.name()));
            withCode[kind.ordinal()] = new ConcurrentHashMap<>();
        }
    }

    /** @param code the result's code, or {@code null} when verified */
    Attributes of(DecisionEvent.Kind kind, String code) {
        if (code == null) {
            return withoutCode[kind.ordinal()];
        }
        ConcurrentMap<String, Attributes> codes = withCode[kind.ordinal()];
        Attributes known = codes.get(code);
        if (known != null) {
            return known;
        }
        String kept = codes.size() < MAX_CODES ? code : OTHER;
        return codes.computeIfAbsent(kept, c -> Attributes.of(KIND, PlaytchaMetrics.lower(kind.name()), CODE, c));
    }
}
