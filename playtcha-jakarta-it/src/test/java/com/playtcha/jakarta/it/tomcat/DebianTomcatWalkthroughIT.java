package com.playtcha.jakarta.it.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.playtcha.jakarta.it.Http;
import com.playtcha.jakarta.it.Http.Reply;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The Tomcat part of {@code docs/deploying.md}, followed with Debian's {@code tomcat10} package:
 * the simulator started with the doc's arguments (on free ports instead of 8089/8090), the doc's
 * {@code setenv.sh} block as it is written (its URL moved to that port), the example WAR deployed as
 * {@code webapps/webxml-app.war}, Tomcat started the way {@code tomcat10.service} starts it (on a
 * CATALINA_BASE of its own, see {@link DebianTomcat}); then a minted token passes the signup form, a
 * garbage one is blocked, and the token page's outage makes signup fail open and payment 503.
 *
 * <p>Skipped where the package is not installed ({@code .ci/run} installs it), and in the Tomcat 11
 * execution, which runs this package's classes again: one Debian Tomcat run is enough.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DebianTomcatWalkthroughIT {

    private static final Path DOC = Path.of("..", "docs", "deploying.md");
    private static final Path OUT = Path.of("target", "debian-tomcat10");
    private static final String DOC_PORT = "8089";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static StandaloneSimulator simulator;
    private static DebianTomcat tomcat;
    private static URL app;

    private static final boolean TOMCAT11_RUN = "tomcat11".equals(System.getProperty("arquillian.launch"));

    @BeforeAll
    static void followTheDoc() throws Exception {
        // For the whole class: the Tomcat 11 run then reports no tests rather than three skipped ones.
        assumeFalse(TOMCAT11_RUN, "the Debian tomcat10 walk-through runs once, in the tomcat execution");
        if (!DebianTomcat.installed()) {
            return; // each test says why it is skipped
        }
        String doc = Files.readString(DOC);
        Files.createDirectories(OUT);
        simulator = StandaloneSimulator.start(simulatorArgs(doc), OUT.resolve("simulator.err"));

        String setenv = block(doc, "sudo tee /var/lib/tomcat10/bin/setenv.sh <<'EOF'\n", "EOF\n");
        assertTrue(setenv.contains("export PLAYTCHA_SECRET=" + simulator.setting("PLAYTCHA_SECRET") + "\n"),
                () -> "the doc's setenv.sh does not carry the secret the doc's simulator prints: " + setenv);
        String documentedUrl = "export PLAYTCHA_API_URL=http://127.0.0.1:" + DOC_PORT + "\n";
        assertTrue(setenv.contains(documentedUrl), () -> "the doc's setenv.sh has no " + documentedUrl + setenv);
        assertTrue(doc.contains(" /var/lib/tomcat10/webapps/webxml-app.war\n"), "the doc deploys webxml-app.war");
        assertTrue(doc.contains(DebianTomcat.START.toString()), "the doc starts Tomcat with " + DebianTomcat.START);

        tomcat = DebianTomcat.prepare(
                setenv.replace("http://127.0.0.1:" + DOC_PORT, simulator.setting("PLAYTCHA_API_URL")),
                Path.of(System.getProperty("it.example.webxml-war")), "webxml-app.war");
        tomcat.start(OUT.resolve("catalina.out"));
        app = tomcat.url("/webxml-app");
        awaitDeployed();
        // The example's timeout is the doc's 2 s, and this Tomcat is a new JVM: its first verify loads the
        // client's classes and opens its pool, which took over 2 s at load 25 (the token failed open as
        // timeout). One forged token's post first, whose answer the tests do not read.
        Http.post(app, "/signup", Http.HTML, "not-a-playtcha-token-warm-up");
    }

    /** Per test, so that the report counts the tests as skipped and says why. */
    @BeforeEach
    void tomcat10IsInstalled() {
        assumeTrue(DebianTomcat.installed(), "Debian's tomcat10 is not installed (no " + DebianTomcat.CATALINA
                + "), so the docs/deploying.md walk-through is skipped; .ci/run installs it (apt-get install -y -qq tomcat10)");
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (tomcat != null) {
                tomcat.close();
            }
        } finally {
            if (simulator != null) {
                simulator.close();
            }
        }
    }

    @Test
    @Order(1)
    void mintedToken_passesTheSignupForm_once() throws Exception {
        String token = mint("tokens");

        Reply first = Http.post(app, "/signup", Http.HTML, token);
        Reply again = Http.post(app, "/signup", Http.HTML, token);

        assertEquals(200, first.status(), first::toString);
        assertTrue(first.body().contains(">accepted<") && first.body().contains("The token is good."), first::toString);
        assertEquals(403, again.status(), again::toString);
        assertTrue(again.body().contains("already used"), again::toString);
    }

    @Test
    @Order(2)
    void garbageToken_isBlocked_byTheApplicationsPage() throws Exception {
        Reply reply = Http.post(app, "/signup", Http.HTML, "not-a-playtcha-token");

        assertEquals(403, reply.status(), reply::toString);
        assertTrue(reply.body().contains("blocked 403") && reply.body().contains("token_invalid"), reply::toString);
    }

    @Test
    @Order(3)
    void outageFromTheTokenPage_signupFailsOpen_paymentIs503() throws Exception {
        assertEquals("outage", mint("faults/outage"));
        try {
            Reply signup = Http.post(app, "/signup", Http.HTML, mint("tokens"));
            Reply payment = Http.post(app, "/payment", Http.HTML, mint("tokens"));

            assertEquals(200, signup.status(), signup::toString);
            assertTrue(signup.body().contains("fails open"), signup::toString);
            assertEquals(503, payment.status(), payment::toString);
            assertTrue(payment.body().contains("blocked 503"), payment::toString);
        } finally {
            mint("faults/normal");
        }
    }

    /** The arguments in the doc's exec:java@simulator command, on free ports. */
    private static List<String> simulatorArgs(String doc) {
        String args = block(doc, "exec:java@simulator -Dexec.args=\"", "\"");
        List<String> list = new ArrayList<>(Arrays.asList(args.split(" ")));
        int port = list.indexOf("--port");
        assertTrue(port >= 0 && DOC_PORT.equals(list.get(port + 1)), () -> "the doc's simulator is not on " + DOC_PORT + ": " + args);
        list.set(port + 1, "0");
        return list;
    }

    /** The text between {@code start} and the next {@code end} in the doc. */
    private static String block(String doc, String start, String end) {
        int from = doc.indexOf(start);
        int to = from < 0 ? -1 : doc.indexOf(end, from + start.length());
        if (to < 0) {
            fail(DOC + " no longer has a block from '" + start.strip() + "' to '" + end.strip() + "'");
        }
        return doc.substring(from + start.length(), to);
    }

    /** A POST to the simulator's token page; the answer's text. */
    private static String mint(String path) throws IOException, InterruptedException {
        URI uri = simulator.tokens().resolve(path);
        HttpResponse<String> reply = HTTP.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, reply.statusCode(), () -> uri + ": " + reply.body());
        return reply.body().trim();
    }

    private static void awaitDeployed() throws Exception {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (!tomcat.isAlive()) {
                fail("Tomcat stopped; see " + OUT.resolve("catalina.out").toAbsolutePath() + ":\n" + log());
            }
            try {
                if (Http.get(app, "/signup").status() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        fail("the example WAR was not deployed within 120 s:\n" + log());
    }

    private static String log() throws IOException {
        return Files.readString(OUT.resolve("catalina.out"));
    }
}
