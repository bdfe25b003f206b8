package com.playtcha.jakarta.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The suite ran beside the ports its servers would take by default, held: .mvn/HoldPorts.java, started by
 * the root pom at the start of the build (the README's test command), found each of them either free, and
 * holds it still now, at the reactor's last module, or taken by another program already (a second build of
 * this project beside this one holds them all): either way every module before this one was green without
 * them. Run alone (no holder of this build alive), it is skipped.
 */
class HeldPortsTest {

    private static final Path RECORD = ReadmeCommands.ROOT.resolve("target/held-ports.txt");

    @Test
    void theDefaultPorts_wereHeldForTheWholeBuild() throws IOException {
        assumeTrue(Files.exists(RECORD), "no " + RECORD + ": the root of the reactor did not run (a build of some modules only)");
        List<String> lines = Files.readAllLines(RECORD);
        long holder = Long.parseLong(lines.get(0).strip());
        assumeTrue(ProcessHandle.of(holder).map(ProcessHandle::isAlive).orElse(false),
                "the holder " + holder + " of " + RECORD + " has ended: an earlier build's record");
        List<Integer> held = ports(lines, 1);
        List<Integer> taken = ports(lines, 2);

        assertFalse(held.isEmpty() && taken.isEmpty(), "HoldPorts wrote down no port: " + lines);
        List<Integer> free = new ArrayList<>();
        for (int port : held) {
            try (ServerSocket socket = new ServerSocket(port, 1)) {
                free.add(socket.getLocalPort());
            } catch (IOException stillHeld) {
                // as it should be
            }
        }
        assertEquals(List.of(), free, "ports HoldPorts said it holds, free at the build's end");
    }

    /**
     * Maven ends the holder at the build's end with SIGTERM ({@code Process.destroy}): it exits 0 then, or
     * exec-maven-plugin writes "Async process failed" as an ERROR line at the end of a green build's log (a loaded
     * run did; exit 143 before). Started here on a record of its own; the ports are this build's holder's, so this
     * one holds none, which changes nothing in how it ends.
     */
    @Test
    void theHolder_endedAsMavenEndsIt_exitsZero() throws Exception {
        Path record = Files.createTempDirectory("held-ports").resolve("held-ports.txt");
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                ReadmeCommands.ROOT.resolve(".mvn/HoldPorts.java").toString(), record.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            while (!Files.exists(record) && holder.isAlive()) {
                Thread.sleep(50); // polling for the record it writes once its ports are looked at
            }
            assertTrue(holder.isAlive(), "HoldPorts ended by itself: exit " + (holder.isAlive() ? "" : holder.exitValue()));
            holder.destroy();
            assertTrue(holder.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "HoldPorts did not end on SIGTERM");
            assertEquals(0, holder.exitValue(), "HoldPorts' exit status when Maven ends it");
        } finally {
            holder.destroyForcibly();
        }
    }

    /** The ports on line {@code index} of the record; none where the line is empty or missing. */
    private static List<Integer> ports(List<String> lines, int index) {
        return index >= lines.size() ? List.of()
                : Arrays.stream(lines.get(index).strip().split(" ")).filter(s -> !s.isEmpty()).map(Integer::valueOf).toList();
    }
}
