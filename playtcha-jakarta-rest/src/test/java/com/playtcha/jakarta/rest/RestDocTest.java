package com.playtcha.jakarta.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.SnippetCompiler;
import com.playtcha.jakarta.core.DecisionEvent;
import com.playtcha.jakarta.core.LedgerEntry;
import com.playtcha.jakarta.core.PlaytchaListener;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.TestSettings;
import com.playtcha.jakarta.testing.Fault;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import java.lang.reflect.Method;
import java.net.URLClassLoader;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code ```java} block of docs/rest.md, and the README's {@code @PlaytchaProtected} resource,
 * compiled as written against this module's test class path, where the annotation lives (the core's
 * {@code DocsSnippetsTest} and {@code ReadmeSnippetsTest} leave them here). Each is set in the smallest
 * class its prose implies, nothing of it changed but its elisions ({@code ...}), filled with what the
 * prose says goes there. rest.md's resources run in Jersey on a real Jetty, verifying against the
 * simulator. A snippet this test does not know fails it, so a new one gets a runner here.
 */
class RestDocTest {

    static final Path DOC = Path.of("..", "docs", "rest.md");
    static final Path README = Path.of("..", "README.md");

    static final String IMPORTS = """
            package docs;

            import com.playtcha.jakarta.rest.PlaytchaProtected;
            import jakarta.servlet.http.HttpServletRequest;
            import jakarta.ws.rs.Consumes;
            import jakarta.ws.rs.FormParam;
            import jakarta.ws.rs.POST;
            import jakarta.ws.rs.Path;
            import jakarta.ws.rs.core.Context;
            import jakarta.ws.rs.core.MediaType;
            import jakarta.ws.rs.core.Response;

            """;

    @RegisterExtension
    static final PlaytchaSimulatorExtension PLAYTCHA = new PlaytchaSimulatorExtension();

    @TempDir
    static Path classes;

    /** The runners rest.md's snippets found, in order. */
    private static final List<String> found = new ArrayList<>();
    private static URLClassLoader compiled;
    private static PlaytchaVerifier verifier;
    private static final List<DecisionEvent> decisions = new CopyOnWriteArrayList<>();
    private static JerseyOnJetty jersey;

    private final PlaytchaSimulator playtcha = PLAYTCHA.simulator();

    @BeforeAll
    static void compileEverySnippet_andDeployTheResources() throws Exception {
        Map<String, String> sources = new LinkedHashMap<>();
        for (String snippet : SnippetCompiler.javaBlocks(Files.readString(DOC))) {
            String runner = runnerOf(snippet);
            found.add(runner);
            sources.put(runner, source(runner, snippet));
        }
        List<String> readme = SnippetCompiler.javaBlocks(Files.readString(README)).stream()
                .filter(snippet -> snippet.contains("@PlaytchaProtected")).toList();
        assertEquals(1, readme.size(), "the README's @PlaytchaProtected snippets");
        sources.put("ReadmeResource", readmeResource(readme.get(0)));
        compiled = SnippetCompiler.compile("docs/rest.md and README.md", "docs", sources, classes,
                RestDocTest.class.getClassLoader());

        PlaytchaSimulator sim = PLAYTCHA.simulator();
        PlaytchaSettings settings = TestSettings.against(sim) // nothing here hangs: a loaded machine's verify is no timeout
                .connectTimeout(Duration.ofSeconds(1)).breakerEnabled(false).build(); // each outage here is one request
        verifier = PlaytchaVerifier.create(settings, new PlaytchaListener() {
            @Override
            public void decided(DecisionEvent event) {
                decisions.add(event);
            }
        });
        jersey = JerseyOnJetty.start(Map.of("/api", new ResourceConfig(compiled.loadClass("docs.SignupResource"),
                compiled.loadClass("docs.NewsletterResource")).register(new PlaytchaFeature(verifier, settings))));
    }

    @AfterAll
    static void stop() throws Exception {
        if (jersey != null) {
            jersey.close();
        }
        if (verifier != null) {
            verifier.close();
        }
        if (compiled != null) {
            compiled.close();
        }
    }

    @Test
    void everyJavaSnippetOfRestMd_hasARunner() {
        assertEquals(List.of("SignupResource", "NewsletterResource"), found, "the Java snippets of docs/rest.md, in order");
    }

    @Test
    void restResource_runsForAVerifiedToken_isBlockedWithoutOne_andRunsForAFailOpenRequest() throws Exception {
        String token = playtcha.mintToken();

        HttpResponse<String> verified = post("/api/signup", "email", "ada@example.com", "playtcha-token", token);
        HttpResponse<String> missing = post("/api/signup", "email", "eve@example.com");
        HttpResponse<String> replayed = post("/api/signup", "email", "eve@example.com", "playtcha-token", token);
        HttpResponse<String> failedOpen = post("/api/signup", "email", "bob@example.com", "playtcha-token", duringAnOutage());

        assertEquals(200, verified.statusCode(), verified::body);
        assertEquals("signed up ada@example.com", verified.body());
        assertEquals(403, missing.statusCode(), missing::body);
        assertFalse(missing.body().contains("signed up"), missing::body);
        assertEquals(403, replayed.statusCode(), replayed::body);
        assertEquals(200, failedOpen.statusCode(), failedOpen::body);
        assertEquals("signed up bob@example.com", failedOpen.body());
        assertEquals(2, playtcha.callCount(token), "verified once, then rejected already_redeemed");
    }

    @Test
    void restAttributes_tellTheResourceItFailedOpen_andGiveItsLedgerId() throws Exception {
        HttpResponse<String> verified = post("/api/newsletter", "playtcha-token", playtcha.mintToken());
        HttpResponse<String> failedOpen = post("/api/newsletter", "playtcha-token", duringAnOutage());

        assertEquals(200, verified.statusCode(), verified::body);
        assertEquals("null", verified.body(), "not failed open: nothing stored");
        assertEquals(200, failedOpen.statusCode(), failedOpen::body);
        LedgerEntry entry = decisionAt("/api/newsletter", DecisionEvent.Kind.FAILED_OPEN).ledgerEntry();
        assertEquals(entry.id(), failedOpen.body(), "the com.playtcha.ledger-id the resource stored");
    }

    @Test
    void readmeSnippet_isAResourceMethod_guardedByPlaytchaProtected() throws Exception {
        Method signUp = compiled.loadClass("docs.ReadmeResource").getMethod("signUp", String.class);

        assertTrue(signUp.isAnnotationPresent(PlaytchaProtected.class));
        assertTrue(signUp.isAnnotationPresent(jakarta.ws.rs.POST.class));
    }

    // Runners: which snippet is which, and the class each is set in.

    private static String runnerOf(String snippet) {
        if (snippet.contains("class SignupResource")) {
            return "SignupResource";
        } else if (snippet.contains("@Context HttpServletRequest request;")) {
            return "NewsletterResource";
        }
        throw new AssertionError("docs/rest.md has a Java snippet this test cannot run yet; teach it:\n" + snippet);
    }

    private static String source(String runner, String snippet) {
        return IMPORTS + switch (runner) {
            // The resource method's elided body answers with what it got.
            case "SignupResource" -> elide(snippet, "return Response.ok(\"signed up \" + email).build();");
            case "NewsletterResource" -> newsletter(snippet);
            default -> throw new AssertionError(runner);
        };
    }

    /** The snippet with its one elided line ({@code ...}, perhaps before a comment) as {@code code}. */
    private static String elide(String snippet, String code) {
        Matcher elision = Pattern.compile("(?m)^([ \\t]*)\\.\\.\\.").matcher(snippet);
        assertTrue(elision.find(), () -> "no elided line (...) in\n" + snippet);
        String filled = elision.replaceFirst("$1" + Matcher.quoteReplacement(code));
        assertFalse(Pattern.compile("(?m)^[ \\t]*\\.\\.\\.").matcher(filled).find(), () -> "two elided lines in\n" + snippet);
        return filled;
    }

    /**
     * The injected field before the {@code ...}, the resource method's body after it. What the comment
     * in the {@code if} says the application stores is stored, and answered.
     */
    private static String newsletter(String snippet) {
        String[] fieldAndBody = snippet.split("(?m)^\\.\\.\\.\\R", 2);
        assertEquals(2, fieldAndBody.length, snippet);
        Matcher store = Pattern.compile("(?m)^([ \\t]*)// let it through, but store (.+) with what it creates$")
                .matcher(fieldAndBody[1]);
        assertTrue(store.find(), snippet);
        String body = new StringBuilder(fieldAndBody[1]).insert(store.end(), "\n" + store.group(1) + "stored = " + store.group(2) + ";")
                .toString();
        return """
                @Path("/newsletter")
                public class NewsletterResource {
                %s
                    @POST
                    @PlaytchaProtected
                    public Response subscribe() {
                        Object stored = null;
                %s        return Response.ok(String.valueOf(stored)).build();
                    }
                }
                """.formatted(fieldAndBody[0].indent(4), body.indent(8));
    }

    /** The README's resource method in a resource class; its elided body ({@code { ... }}) returns what it got. */
    private static String readmeResource(String snippet) {
        assertTrue(snippet.contains("{ ... }"), snippet);
        return IMPORTS + """
                @Path("/readme")
                public class ReadmeResource {
                %s}
                """.formatted(snippet.replace("{ ... }", "{ return Response.ok(email).build(); }").indent(4));
    }

    // Helpers

    /**
     * A token Playtcha answers 503 for: its request fails open. Per token, so that a post the ledger
     * makes meanwhile in the background (for an earlier test's entry) cannot take the fault.
     */
    private String duringAnOutage() {
        String token = playtcha.mintToken();
        playtcha.injectFor(token, Fault.serverError(503, "db_error"));
        return token;
    }

    /** The decision the application's verifier reported for this path, of this kind. */
    private static DecisionEvent decisionAt(String path, DecisionEvent.Kind kind) {
        return decisions.stream().filter(d -> path.equals(d.path()) && d.kind() == kind).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no " + kind + " decision at " + path + " in " + decisions));
    }

    /** Posts the form (name, value, ...). */
    private static HttpResponse<String> post(String path, String... form) throws Exception {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i + 1 < form.length; i += 2) {
            body.append(body.length() == 0 ? "" : "&").append(URLEncoder.encode(form[i], StandardCharsets.UTF_8))
                    .append('=').append(URLEncoder.encode(form[i + 1], StandardCharsets.UTF_8));
        }
        return jersey.send("POST", path, body.toString(), "Content-Type", "application/x-www-form-urlencoded");
    }
}
