package com.playtcha.jakarta.benchmarks;

import com.playtcha.jakarta.testing.PlaytchaSimulator;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * A simulator in its own JVM for the memory run, so that the heap measured there is the verifier's
 * and not the simulator's (which keeps every token and call until it is reset). It speaks a line
 * protocol on stdin/stdout: it first writes {@code ready <url> <secret>}; then {@code mint <n>}
 * answers n fresh tokens, a line each, and {@code end}; {@code reset} forgets tokens and calls and
 * answers {@code ok}; {@code quit} (or the end of stdin) stops it. The secret goes only down this
 * pipe, never to a log.
 */
public final class SimulatorProcess {

    private SimulatorProcess() {
    }

    public static void main(String[] args) throws IOException {
        try (PlaytchaSimulator playtcha = PlaytchaSimulator.builder().maxThreads(BenchServer.MAX_THREADS).start()) {
            PrintStream out = new PrintStream(new BufferedOutputStream(System.out, 1 << 16), false, StandardCharsets.UTF_8);
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            out.println("ready " + playtcha.url() + " " + playtcha.secret());
            out.flush();
            for (String line = in.readLine(); line != null && !line.equals("quit"); line = in.readLine()) {
                if (line.startsWith("mint ")) {
                    int n = Integer.parseInt(line.substring(5).trim());
                    for (int i = 0; i < n; i++) {
                        out.println(playtcha.mintToken());
                    }
                    out.println("end");
                } else if (line.equals("reset")) {
                    playtcha.reset();
                    out.println("ok");
                } else {
                    out.println("unknown command");
                }
                out.flush();
            }
        }
    }
}
