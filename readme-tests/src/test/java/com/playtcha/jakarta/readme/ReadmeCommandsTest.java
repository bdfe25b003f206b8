package com.playtcha.jakarta.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Each {@code ./mvnw} command of the root README, run as written in a child process from the
 * repository's root, as a newcomer runs it: the demo serves its page, the standalone simulator
 * answers a verify for a token from its token page, the console demo prints its table. A command
 * that keeps running is then stopped as Ctrl-C would stop it, and must say it stopped.
 *
 * <p>The commands rebuild (tests skipped) the modules they name and those they need, in their own
 * target directories: this module is the reactor's last, so nothing after it reads those. Only two
 * things are added to a command: this build's local repository, and {@code -o} if this build is
 * offline. The one change of the words themselves: the simulator's fixed ports (8089, 8090), when
 * another program on this machine holds one, become any free ones, which the README's
 * {@code --port 0} allows; the demo picks a free port by itself when 8080 is taken.
 *
 * <p>Each child's output is kept in {@code target/readme-commands/}.
 */
class ReadmeCommandsTest {

    /** The suite, as .ci/run runs it; the demo commands carry {@code -ntp} and {@code verify} too. */
    static final String TEST_COMMAND = "./mvnw -B -ntp verify";
    static final Duration HTTP = Duration.ofSeconds(10);
    static final Duration STOP = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(HTTP).build();

    /** A README command that this class neither runs nor names here fails, so none goes unchecked. */
    @Test
    void everyReadmeCommand_isOneThisClassRunsOrExplains() throws IOException {
        List<String> unknown = new ArrayList<>(ReadmeCommands.of(ReadmeCommands.README));
        unknown.remove(demo());
        unknown.remove(simulator());
        unknown.remove(consoleDemo());
        // The test command is this very build; the install command writes into ~/.m2, which a test
        // must not, and runs the same reactor as the demo's command with `install` for `verify`.
        assertTrue(unknown.remove(TEST_COMMAND), () -> "README.md should give the test command " + TEST_COMMAND + ": " + unknown);
        unknown.remove(ReadmeCommands.the(ReadmeCommands.of(ReadmeCommands.README), "install"));

        assertEquals(List.of(), unknown, "README.md has ./mvnw commands that no test runs");
    }

    @Test
    void demoCommand_servesTheDemoPage_andStopsOnCtrlC() throws Exception {
        try (ChildMaven demo = ChildMaven.start("demo", ReadmeCommands.words(demo()))) {
            Matcher running = demo.await(Pattern.compile("Playtcha demo running\\. Open (http://\\S+)"), ChildMaven.START);
            URI page = URI.create(running.group(1));

            HttpResponse<String> response = http.send(HttpRequest.newBuilder(page).timeout(HTTP).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertEquals(200, response.statusCode(), response::body);
            assertTrue(response.body().contains("<title>Playtcha demo</title>"), response::body);
            assertTrue(demo.stop(STOP), () -> "the demo did not stop within " + STOP);
            assertTrue(demo.output().contains("Demo stopped."), () -> demo.failure("no 'Demo stopped.'").getMessage());
        }
    }

    @Test
    void simulatorCommand_printsItsSettings_andVerifiesATokenFromItsTokenPage() throws Exception {
        List<String> words = ReadmeCommands.words(simulator());
        if (taken(8089) || taken(8090)) {
            words = words.stream().map(w -> w.replace("--port 8089", "--port 0")).toList();
        }
        try (ChildMaven simulator = ChildMaven.start("simulator", words)) {
            Matcher printed = simulator.await(Pattern.compile(
                    "PLAYTCHA_API_URL=(\\S+)\\RPLAYTCHA_SECRET=(\\S+)\\RTokens: (\\S+)"), ChildMaven.START);
            String apiUrl = printed.group(1);
            String secret = printed.group(2);
            URI tokens = URI.create(printed.group(3)).resolve("tokens");
            assertEquals("sk_test_local", secret, "the README's --secret");

            HttpResponse<String> minted = http.send(HttpRequest.newBuilder(tokens).timeout(HTTP)
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, minted.statusCode(), minted::body);
            String token = minted.body().strip();
            HttpResponse<String> verified = http.send(HttpRequest.newBuilder(URI.create(apiUrl + "/v1/verify"))
                    .timeout(HTTP).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"secret\": \"" + secret + "\", \"token\": \"" + token + "\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());

            assertEquals(200, verified.statusCode(), verified::body);
            assertTrue(verified.body().replace(" ", "").contains("\"success\":true"), verified::body);
            assertTrue(simulator.stop(STOP), () -> "the simulator did not stop within " + STOP);
            assertTrue(simulator.output().contains("PlaytchaSimulator: stopped."),
                    () -> simulator.failure("no 'PlaytchaSimulator: stopped.'").getMessage());
        }
    }

    @Test
    void consoleDemoCommand_printsEverySituation_andEnds() throws Exception {
        try (ChildMaven cli = ChildMaven.start("verifier-cli", ReadmeCommands.words(consoleDemo()))) {
            int exit = cli.awaitExit(ChildMaven.START);
            String output = cli.output();

            assertEquals(0, exit, () -> cli.failure("ended with " + exit).getMessage());
            for (String row : List.of("valid token", "same token again (replay)", "Playtcha answers 500",
                    "Playtcha hangs (3s budget)", "pass (failed open)", "block 503", "block 403")) {
                assertTrue(output.contains(row), () -> cli.failure("no '" + row + "'").getMessage());
            }
        }
    }

    private static String demo() throws IOException {
        return ReadmeCommands.the(ReadmeCommands.of(ReadmeCommands.README), "examples/webxml-app", "exec:java");
    }

    private static String simulator() throws IOException {
        return ReadmeCommands.the(ReadmeCommands.of(ReadmeCommands.README), "playtcha-jakarta-testing", "exec:java@simulator");
    }

    private static String consoleDemo() throws IOException {
        return ReadmeCommands.the(ReadmeCommands.of(ReadmeCommands.README), "examples/verifier-cli", "exec:java");
    }

    private static boolean taken(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort() != port;
        } catch (IOException e) {
            return true;
        }
    }
}
