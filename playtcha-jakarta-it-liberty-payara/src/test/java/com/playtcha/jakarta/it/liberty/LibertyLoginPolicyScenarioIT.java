package com.playtcha.jakarta.it.liberty;

import com.playtcha.jakarta.it.Http;
import com.playtcha.jakarta.it.LoginPolicyScenario;
import com.playtcha.jakarta.it.Playtcha;
import com.playtcha.jakarta.it.Wars;
import com.playtcha.jakarta.it.app.security.WhoAmI;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * LoginPolicyScenario on Open Liberty, whose filters run before its FORM login: the library's own filter
 * hook reports the registry's answer to the guard. The WAR is {@code LibertyLoginIT}'s FORM login
 * ({@code basicRegistry} users). The tests are {@link LoginPolicyScenario}'s; the registry's checks of
 * the user are counted as {@code LibertyLoginIT} counts them, by the refusals {@code messages.log} names
 * ({@code CWWKS1100A}), which the scenario compares across wrong passwords only.
 */
class LibertyLoginPolicyScenarioIT extends LoginPolicyScenario {

    private static final String REGISTRY_REFUSED = "CWWKS1100A";

    @Deployment(name = "policy", testable = false)
    public static WebArchive policy() {
        return war("policyscenario", POLICY);
    }

    @Deployment(name = "attack", testable = false)
    public static WebArchive attack() {
        return war("attackscenario", ATTACK);
    }

    private static WebArchive war(String name, Map<String, String> policy) {
        Map<String, String> filter = new HashMap<>(Map.of("api-url", Playtcha.simulator().url().toString(),
                "secret", Playtcha.simulator().secret()));
        filter.putAll(policy);
        return Wars.withLibrary(name).addClass(WhoAmI.class)
                .addClass("com.playtcha.jakarta.it.app.security.LoginEcho")
                .addAsWebResource(new StringAsset("""
                        <!DOCTYPE html><form method="post" action="j_security_check">
                        <input name="j_username"><input name="j_password" type="password"></form>
                        """), "login.html")
                .setWebXML(new StringAsset(Wars.webXml(Wars.filter("playtcha", "/j_security_check", filter)
                        + Wars.formLogin("**", "/login.html"))));
    }

    @Override
    protected String user() {
        return "alice";
    }

    @Override
    protected String password() {
        return "secret";
    }

    @Override
    protected long realmCalls(URL application) throws IOException {
        Path log = Path.of(System.getProperty("it.container.logs"), "messages.log");
        if (!Files.exists(log)) {
            return 0;
        }
        try (var lines = Files.lines(log, StandardCharsets.UTF_8)) {
            return lines.filter(line -> line.contains(REGISTRY_REFUSED) && line.contains(user())).count();
        }
    }

    /** Liberty writes its log on its own thread: polls it until it holds {@code expected} refusals, up to 30 s. */
    @Override
    protected long realmCalls(URL application, long expected) throws Exception {
        Instant deadline = Instant.now().plusSeconds(30);
        long seen = realmCalls(application);
        while (seen < expected && Instant.now().isBefore(deadline)) {
            Thread.sleep(100); // polls the file for a line Liberty's log thread has yet to write
            seen = realmCalls(application);
        }
        return seen;
    }

    @Override
    protected String pageSaysNeedsToken(String html) {
        return Http.lines(html).get("com.playtcha.login-needs-token");
    }

    /** Open Liberty judges a login post from a logged-in session too: a wrong password gets the form-error page. */
    @Override
    protected boolean checksPasswordsOfALoggedInSession() {
        return true;
    }
}
