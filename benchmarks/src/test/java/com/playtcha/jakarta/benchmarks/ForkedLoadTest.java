package com.playtcha.jakarta.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The load part in two fresh JVMs, scaled down to a third of a second per window: each JVM's rounds
 * come back and are pooled per cell, and each JVM's own median can be told apart.
 */
class ForkedLoadTest {

    @Test
    void twoJvms_poolTheirRounds() throws Exception {
        Plan plan = Plan.from(Map.ofEntries(
                Map.entry("bench.seconds", "0.3"),
                Map.entry("bench.rounds", "2"),
                Map.entry("bench.forks", "2"),
                Map.entry("bench.warmup", "0"),
                Map.entry("bench.latencies", "0"),
                Map.entry("bench.clients", "2,3"),
                Map.entry("bench.parts", "load"),
                Map.entry("bench.report", Path.of("target", "forked", "REPORT.md").toString()))::get);

        List<LoadBenchmark.Cell> cells = new LoadBenchmark(plan, System.out::println).run().cells();

        assertEquals(List.of(2, 3), cells.stream().map(LoadBenchmark.Cell::clients).toList(), "the cells in the plan's order");
        for (LoadBenchmark.Cell cell : cells) {
            assertEquals(2, cell.jvms());
            for (Variant variant : Variant.values()) {
                List<Stats> rounds = cell.rounds().get(variant);
                assertEquals(4, rounds.size(), variant + ": two rounds from each JVM");
                assertTrue(rounds.stream().allMatch(r -> r.requests() > 0), variant + " had a window with no request");
                assertEquals(rounds.stream().mapToLong(Stats::requests).sum(), cell.stats().get(variant).requests(),
                        variant + ": the cell's figures are every round's");
                assertEquals(0, cell.stats().get(variant).unexpected(), variant + ": " + cell.breakdown().get(variant));
            }
            List<PairedRatio> perJvm = cell.pairedPerJvm(Variant.B, Variant.E, Stats::throughput);
            assertEquals(2, perJvm.size());
            assertTrue(perJvm.stream().allMatch(r -> r.rounds() == 2), perJvm::toString);
            assertEquals(4, cell.paired(Variant.B, Variant.E, Stats::throughput).rounds());
        }
    }
}
