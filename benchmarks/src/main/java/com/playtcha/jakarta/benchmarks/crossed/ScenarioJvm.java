package com.playtcha.jakarta.benchmarks.crossed;

import com.playtcha.jakarta.benchmarks.crossed.Browser.Reply;
import com.playtcha.jakarta.core.Setting;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One scenario in this JVM, which runs the {@link CrossingAgent}: a simulator and an embedded Tomcat
 * ({@link ScenarioTomcat}), the scenario's request sent {@code warmup} times, each answer checked, then
 * once more inside a recording window that closes when the server has finished with it. Writes the
 * thread that served the recorded request and what ran, one class a line, to a file.
 *
 * <p>Arguments: the scenario's id, the number of warm-up requests, the file.
 */
public final class ScenarioJvm {

    private static final String ALICE = "alice";
    private static final String BOB = "bob";
    private static final String PASSWORD = "correct horse battery staple";
    private static final String NEEDS_TOKEN = "Playtcha-Login-Needs-Token";

    private final Scenario scenario;
    private final PlaytchaSimulator playtcha;
    private final Browser browser;

    private ScenarioJvm(Scenario scenario, PlaytchaSimulator playtcha, Browser browser) {
        this.scenario = scenario;
        this.playtcha = playtcha;
        this.browser = browser;
    }

    public static void main(String[] args) {
        try {
            run(Scenario.of(args[0]), Integer.parseInt(args[1]), Path.of(args[2]));
        } catch (Exception | Error e) {
            e.printStackTrace();
            System.exit(1); // whatever threads are left
        }
        System.exit(0);
    }

    private static void run(Scenario scenario, int warmup, Path out) throws Exception {
        Logger.getLogger("").setLevel(Level.WARNING); // Tomcat's start-up lines
        Path base = Files.createTempDirectory("playtcha-crossed-");
        try (PlaytchaSimulator playtcha = PlaytchaSimulator.start()) {
            // Where MicroProfile Config is absent the library reads these as it reads PLAYTCHA_SECRET: web.xml names no secret.
            System.setProperty(Setting.API_URL.key(), playtcha.url().toString());
            System.setProperty(Setting.SECRET.key(), playtcha.secret());
            String webXml = scenario.login() ? ScenarioTomcat.LOGIN_WEB_XML : ScenarioTomcat.FORM_WEB_XML;
            try (ScenarioTomcat tomcat = ScenarioTomcat.start(base, webXml, scenario.login(), Map.of(ALICE, PASSWORD, BOB, PASSWORD));
                    Browser browser = new Browser(tomcat.root())) {
                ScenarioJvm run = new ScenarioJvm(scenario, playtcha, browser);
                run.prepare();
                for (int i = 0; i < warmup; i++) {
                    Request request = run.request(i);
                    request.check(request.send());
                }
                Request recorded = run.request(warmup);
                tomcat.awaitServed(browser.sent());
                Crossings.open();
                Reply reply = recorded.send();
                tomcat.awaitServed(browser.sent());
                Map<String, Set<String>> crossed = Crossings.close();
                recorded.check(reply);
                List<String> lines = new ArrayList<>();
                lines.add("request-thread\t" + tomcat.lastThread());
                crossed.forEach((key, threads) -> lines.add(key + "\t" + String.join(",", new TreeSet<>(threads))));
                Files.write(out, lines, StandardCharsets.UTF_8);
            }
        } finally {
            ScenarioTomcat.delete(base);
        }
    }

    /** Brings a token login's account to its limit: as many wrong passwords as the default allows. */
    private void prepare() throws IOException {
        if (scenario != Scenario.LOGIN_TOKEN_VERIFIED && scenario != Scenario.LOGIN_TOKEN_MISSING) {
            return;
        }
        int limit = Integer.parseInt(Setting.LOGIN_ACCOUNT_FAILURES.defaultValue().orElseThrow());
        for (int i = 0; i < limit; i++) {
            InetAddress source = Browser.source(i);
            Reply wrong = browser.post("j_security_check", source, loginPage(source), "j_username", BOB, "j_password", "wrong");
            expect(wrong.status() == 200 && wrong.body().equals("login error page, error-code=null"), "a wrong password", wrong);
        }
    }

    /** The scenario's {@code n}th request, from the {@code n}th visitor's address. */
    private Request request(int n) throws IOException {
        InetAddress source = Browser.source(n);
        return switch (scenario) {
            case FORM_POST_VERIFIED -> {
                String token = playtcha.mintToken();
                yield new Request(() -> browser.post("form", source, null, "comment", "hello", "playtcha-token", token), reply ->
                        expect(reply.status() == 200 && reply.body().equals("form verified") && playtcha.callCount(token) == 1,
                                "a verified form post", reply));
            }
            case LOGIN_ADMITTED -> {
                String session = loginPage(source);
                yield new Request(() -> browser.post("j_security_check", source, session, "j_username", ALICE, "j_password", PASSWORD),
                        reply -> expect(reply.status() == 303 && reply.header(NEEDS_TOKEN).equals(Optional.of("false"))
                                && playtcha.callCount() == 0, "a login admitted without a token", reply));
            }
            case LOGIN_TOKEN_VERIFIED -> {
                String session = loginPage(source);
                String token = playtcha.mintToken();
                yield new Request(() -> browser.post("j_security_check", source, session, "j_username", BOB, "j_password", PASSWORD,
                        "playtcha-token", token), reply -> expect(reply.status() == 303
                                && reply.header(NEEDS_TOKEN).equals(Optional.of("true")) && playtcha.callCount(token) == 1,
                                "a login that needs a token, verified", reply));
            }
            case LOGIN_TOKEN_MISSING -> {
                String session = loginPage(source);
                yield new Request(() -> browser.post("j_security_check", source, session, "j_username", BOB, "j_password", PASSWORD),
                        reply -> expect(reply.status() == 403 && reply.body().equals("login error page, error-code=token_required")
                                && reply.header(NEEDS_TOKEN).equals(Optional.of("true")),
                                "a login that needs a token and carries none", reply));
            }
        };
    }

    /** Asks for a secured page, as a browser does before it logs in: a new session, and the login page. */
    private String loginPage(InetAddress source) throws IOException {
        Reply page = browser.get("secure/page", source, null);
        expect(page.status() == 200 && page.body().equals("login page") && page.session().isPresent(), "the login page", page);
        return page.session().orElseThrow();
    }

    private static void expect(boolean ok, String what, Reply reply) {
        if (!ok) {
            throw new IllegalStateException("expected " + what + ", got " + reply);
        }
    }

    /** One request, ready to be sent, and the check of its answer. */
    private record Request(Send sender, Check checker) {

        Reply send() throws IOException {
            return sender.send();
        }

        void check(Reply reply) {
            checker.check(reply);
        }
    }

    @FunctionalInterface
    private interface Send {
        Reply send() throws IOException;
    }

    @FunctionalInterface
    private interface Check {
        void check(Reply reply);
    }
}
