package com.playtcha.jakarta.testing;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The states the token page ({@link MintEndpoint}) can put the standalone simulator in, each a
 * standing fault or setting of {@link PlaytchaSimulator}. One at a time: switching clears the
 * previous one.
 */
enum SimulatedState {

    NORMAL("normal", "answers as Playtcha does", sim -> { }),
    OUTAGE("outage", "500 db_error to every verify", sim -> sim.inject(Fault.serverError(500, "db_error"))),
    /** Past the example application's 2 s budget, so a verify times out. */
    SLOW("slow", "answers after 3 s", sim -> sim.inject(Fault.delay(Duration.ofSeconds(3)))),
    RATE_LIMITED("rate-limited", "429 rate_limited_ip with Retry-After: 30",
            sim -> sim.inject(Fault.serverError(429, "rate_limited_ip").withHeader("Retry-After", "30"))),
    DEGRADED("degraded", "successes carry \"degraded\": true", sim -> sim.degradedAfter(0)),
    HANG("hang", "reads the request and never answers", sim -> sim.inject(Fault.hang()));

    private final String label;
    private final String description;
    private final Consumer<PlaytchaSimulator> apply;

    SimulatedState(String label, String description, Consumer<PlaytchaSimulator> apply) {
        this.label = label;
        this.description = description;
        this.apply = apply;
    }

    /** The name in {@code POST /faults/<name>}. */
    String label() {
        return label;
    }

    String description() {
        return description;
    }

    static Optional<SimulatedState> named(String label) {
        return Arrays.stream(values()).filter(s -> s.label.equals(label)).findFirst();
    }

    /** Clears what the previous state set, then sets this one. */
    void applyTo(PlaytchaSimulator simulator) {
        simulator.clearFaults();
        simulator.degradedAfter(-1);
        apply.accept(simulator);
    }
}
