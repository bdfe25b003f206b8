package com.playtcha.examples.quarkus.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testredis.RedisServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two instances of the packaged application ({@code target/quarkus-app/quarkus-run.jar}, two {@code java -jar}
 * processes, as two nodes behind a load balancer run it) on one Redis ({@code playtcha.redis.uri}; a real redis-server,
 * the class skipped, saying so, where it is not installed) and one simulator: an account's {@code after-failures}
 * counts are the cluster's, so failures on one instance ask for a token on the other, and guesses spread over both
 * get no more tokenless tries than on one. Without Redis each instance counts on its own and B would let alice in.
 *
 * <p>Failsafe runs it after {@code package}. The instances listen on ports they choose ({@code quarkus.http.port=0}),
 * read from their "Listening on" line; each test counts on accounts of its own, and the client's own limit is raised
 * (all requests come from 127.0.0.1), so what asks for a token here is the account's count.
 */
class TwoInstancesOnOneRedisIT {

    private static final String NEEDS_TOKEN = "Playtcha-Login-Needs-Token";
    private static final Duration START = Duration.ofSeconds(90);

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private static RedisServer redis;
    private static PlaytchaSimulator playtcha;
    private static Instance a;
    private static Instance b;

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServer.start(List.of());
        playtcha = PlaytchaSimulator.builder().host("127.0.0.1").secret("sk_test_quarkus").start();
        a = Instance.start("a");
        b = Instance.start("b");
        a.awaitListening();
        b.awaitListening();
    }

    @AfterAll
    static void stop() {
        for (Instance instance : new Instance[] {a, b}) {
            if (instance != null) {
                instance.stop();
            }
        }
        if (playtcha != null) {
            playtcha.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void threeFailuresOnA_thenTheRightPasswordOnB_needsAToken() throws Exception {
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> wrong = a.login("alice", "wrong", null);
            assertEquals(401, wrong.statusCode());
            assertEquals("false", wrong.headers().firstValue(NEEDS_TOKEN).orElse(null), "a tokenless try under the limit");
        }

        HttpResponse<String> right = b.login("alice", "correct-horse", null);
        assertEquals(401, right.statusCode(), "B knows alice's three failures on A");
        assertEquals("true", right.headers().firstValue(NEEDS_TOKEN).orElse(null));

        HttpResponse<String> bob = b.login("bob", "battery-staple", null);
        assertEquals(200, bob.statusCode(), "B lets in, without a token, an account with no failures");
        assertEquals("false", bob.headers().firstValue(NEEDS_TOKEN).orElse(null));

        HttpResponse<String> withToken = b.login("alice", "correct-horse", playtcha.mintToken());
        assertEquals(200, withToken.statusCode());
        assertEquals("logged in as alice", withToken.body());
    }

    @Test
    void thirtyConcurrentGuesses_spreadOverAAndB_getAtMostThreeTokenlessTries() {
        List<CompletableFuture<HttpResponse<String>>> guesses = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            guesses.add((i % 2 == 0 ? a : b).loginAsync("carol", "guess-" + i, null));
        }
        long tokenless = 0;
        for (CompletableFuture<HttpResponse<String>> guess : guesses) {
            HttpResponse<String> response = guess.join();
            assertEquals(401, response.statusCode());
            String needsToken = response.headers().firstValue(NEEDS_TOKEN).orElseThrow(() -> new AssertionError("no " + NEEDS_TOKEN));
            tokenless += needsToken.equals("false") ? 1 : 0;
        }
        assertTrue(tokenless >= 1 && tokenless <= 3, tokenless + " of 30 guesses tried without a token");
    }

    /** One {@code java -jar} of the packaged application, its output echoed to this test's (Failsafe's report file). */
    private static final class Instance {

        private static final Pattern LISTENING = Pattern.compile("Listening on: (http://[^\\s,]+)");

        private final String name;
        private final Process process;
        private final Thread reader;
        private final CompletableFuture<URI> listening = new CompletableFuture<>();
        private final StringBuffer output = new StringBuffer();

        private Instance(String name, Process process) {
            this.name = name;
            this.process = process;
            this.reader = new Thread(this::read, "instance-" + name + "-output");
            reader.setDaemon(true);
            reader.start();
        }

        static Instance start(String name) throws IOException {
            Path jar = Path.of(System.getProperty("app.jar", "target/quarkus-app/quarkus-run.jar"));
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(jar + " is missing: run this test after package (mvn verify)");
            }
            List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    // two JVMs on a machine that may have two cores, busy: a small heap, no C2 compiles
                    "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=0",
                    "-Dplaytcha.api-url=" + playtcha.url(), "-Dplaytcha.secret=" + playtcha.secret(),
                    "-Dplaytcha.redis.uri=redis://127.0.0.1:" + redis.port(),
                    // a busy machine: Redis's answers may take longer than the default 250 ms
                    "-Dplaytcha.cluster.timeout=10s",
                    // every request comes from 127.0.0.1: what asks for a token is the account's count, not the client's
                    "-Dplaytcha.login.client-failures=100", "-Dplaytcha.login.attack-failures-per-minute=10000",
                    "-jar", jar.toString());
            return new Instance(name, new ProcessBuilder(command).redirectErrorStream(true).start());
        }

        /** Reads the output to its end: the first "Listening on" line is the address; an end before it, a failed start. */
        private void read() {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    output.append(line).append('\n');
                    System.out.println("[" + name + "] " + line);
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        listening.complete(URI.create(m.group(1)));
                    }
                }
            } catch (IOException e) {
                listening.completeExceptionally(e);
            }
            listening.completeExceptionally(new IllegalStateException("instance " + name + " ended before it listened:\n" + output));
        }

        void awaitListening() throws InterruptedException, ExecutionException {
            try {
                listening.get(START.toSeconds(), TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                throw new IllegalStateException("instance " + name + " did not listen within " + START + ":\n" + output, e);
            }
        }

        CompletableFuture<HttpResponse<String>> loginAsync(String user, String password, String token) {
            String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
            HttpRequest.Builder request = HttpRequest.newBuilder(listening.join().resolve("/account"))
                    .timeout(Duration.ofSeconds(30)).header("Authorization", "Basic " + basic);
            if (token != null) {
                request.header("Playtcha-Token", token);
            }
            return HTTP.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> login(String user, String password, String token) throws Exception {
            return loginAsync(user, password, token).get();
        }

        /** Stops the instance (SIGTERM, as a service manager would; forcibly past 20 s) and lets its last lines reach the report. */
        void stop() {
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
                reader.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
