package com.playtcha.jakarta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.DecisionEvent;
import com.playtcha.jakarta.core.LedgerEntry;
import com.playtcha.jakarta.core.PlaytchaListener;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.Reconciliation;
import com.playtcha.jakarta.core.TestSettings;
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.core.VerifierStatus;
import com.playtcha.jakarta.testing.Fault;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import com.playtcha.jakarta.testpostgres.TestPostgres;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.ExternalContextWrapper;
import jakarta.faces.context.FacesContextWrapper;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.URLClassLoader;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code ```java} block of docs/*.md, indented ones in list items included, compiled as
 * written against this module's test class path and run: each is set in the smallest class its
 * prose implies, and nothing of it is changed except its elisions ({@code ...}, {@code // ...}, a
 * comment that stands for the application's own work), filled with what the prose says goes there.
 * What a snippet uses without declaring it ({@code signups}, {@code jdbc}) comes from
 * {@link DocsApplication}. A snippet this test does not know fails it, so a new one gets a runner
 * here. The Faces filter is deployed in a real Jetty, the CDI observers run in Weld, everything
 * verifies against the simulator, and the SQL runs in PostgreSQL.
 *
 * <p>Faces has no implementation on the test class path: {@link FacesAction} stands in for
 * {@code FacesServlet}'s invoke-application phase, giving the beans a {@code FacesContext} over the
 * real servlet request, which is all the snippets read.
 */
class DocsSnippetsTest {

    static final Path DOCS = Path.of("..", "docs");

    /** The runners, per document, in the order of its snippets. */
    static final Map<String, List<String>> RUNNERS = Map.of(
            "configuration.md", List.of("SettingsInCode"),
            "faces.md", List.of("Signup", "FullSubmitPlaytchaFilter", "GuardedSignup"),
            "observability.md", List.of("StatusSnippet", "MetricsSnippet"),
            "outages-and-ledger.md", List.of("Quarantine", "SignupReview"));
    /**
     * Docs whose Java snippets need a framework this module does not have: their example runs them
     * (spring-boot.md: examples/spring-boot-app's SpringBootDocTest, on both Spring Boot lines;
     * spring-security.md: examples/spring-security-app's SpringSecurityDocTest; quarkus.md:
     * examples/quarkus-app's QuarkusDocTest; login.md: playtcha-jakarta-security's LoginDocTest; rest.md:
     * playtcha-jakarta-rest's RestDocTest; webflux.md: examples/webflux-app's WebFluxDocTest, on both lines).
     */
    static final Set<String> RUN_ELSEWHERE = Set.of("spring-boot.md", "spring-security.md", "quarkus.md", "login.md", "rest.md",
            "webflux.md");

    static final String IMPORTS = """
            package docs;

            import static com.playtcha.jakarta.DocsApplication.jdbc;
            import static com.playtcha.jakarta.DocsApplication.signups;

            import com.playtcha.jakarta.core.*;
            import com.playtcha.jakarta.servlet.PlaytchaFilter;
            import com.playtcha.jakarta.telemetry.PlaytchaMetrics;
            import io.opentelemetry.api.OpenTelemetry;
            import jakarta.enterprise.context.ApplicationScoped;
            import jakarta.enterprise.context.RequestScoped;
            import jakarta.enterprise.event.Observes;
            import jakarta.faces.application.FacesMessage;
            import jakarta.faces.context.ExternalContext;
            import jakarta.faces.context.FacesContext;
            import jakarta.inject.Inject;
            import jakarta.inject.Named;
            import jakarta.servlet.FilterChain;
            import jakarta.servlet.ServletException;
            import jakarta.servlet.http.HttpServletRequest;
            import jakarta.servlet.http.HttpServletResponse;
            import java.io.IOException;
            import java.util.function.Consumer;

            """;

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TestSettings.SLACK).followRedirects(HttpClient.Redirect.NEVER).build();

    @RegisterExtension
    static final PlaytchaSimulatorExtension PLAYTCHA = new PlaytchaSimulatorExtension();

    @TempDir
    static Path classes;

    /** Per document, the runners its snippets found, in order. */
    private static final Map<String, List<String>> found = new LinkedHashMap<>();
    private static URLClassLoader compiled;
    /** The application's verifier: the one CDI would inject into the Faces bean. */
    private static PlaytchaVerifier verifier;
    private static PlaytchaSettings settings;
    private static final List<DecisionEvent> decisions = new CopyOnWriteArrayList<>();
    private static Server jetty;

    private final PlaytchaSimulator playtcha = PLAYTCHA.simulator();

    @BeforeAll
    static void compileEverySnippet_andDeployTheWebOnes() throws Exception {
        Map<String, String> sources = new LinkedHashMap<>();
        try (Stream<Path> docs = Files.list(DOCS)) {
            for (Path doc : docs.filter(p -> p.toString().endsWith(".md") && !RUN_ELSEWHERE.contains(p.getFileName().toString()))
                    .sorted().toList()) {
                for (String snippet : SnippetCompiler.javaBlocks(Files.readString(doc))) {
                    String runner = runnerOf(doc.getFileName().toString(), snippet);
                    found.computeIfAbsent(doc.getFileName().toString(), d -> new ArrayList<>()).add(runner);
                    sources.put(runner, source(runner, snippet));
                }
            }
        }
        compiled = SnippetCompiler.compile("docs/*.md", "docs", sources, classes, DocsSnippetsTest.class.getClassLoader());

        PlaytchaSimulator sim = PLAYTCHA.simulator();
        settings = PlaytchaSettings.builder(sim.secret()).apiUrl(sim.url()).timeout(TestSettings.PATIENT)
                .connectTimeout(Duration.ofSeconds(1)).breakerEnabled(false).build(); // each outage here is one request
        verifier = PlaytchaVerifier.create(settings, new PlaytchaListener() {
            @Override
            public void decided(DecisionEvent event) {
                decisions.add(event);
            }
        });
        jetty = deploy(sim);
    }

    @AfterAll
    static void stop() throws Exception {
        if (jetty != null) {
            jetty.stop();
        }
        if (verifier != null) {
            verifier.close();
        }
        if (compiled != null) {
            compiled.close();
        }
    }

    @Test
    void everyJavaSnippetOfTheDocs_hasARunner() {
        assertEquals(RUNNERS, found, "the Java snippets of docs/*.md, per document and in order");
    }

    // docs/configuration.md

    @Test
    void settingsInCode_readEachTextAsItsTypedValue() throws Exception {
        Method run = compiled.loadClass("docs.SettingsInCode").getMethod("run", String.class);

        PlaytchaSettings fromText = (PlaytchaSettings) run.invoke(null, playtcha.secret());

        assertEquals(PlaytchaSettings.builder(playtcha.secret()).timeout(Duration.ofSeconds(2))
                .breakerCoolDown(Duration.ofSeconds(30)).ledgerEnabled(true).build(), fromText);
    }

    // docs/observability.md

    @Test
    void statusSnippet_readsTheVerifiersState_withoutCallingPlaytcha_andCountsEachDecision() throws Exception {
        Method run = compiled.loadClass("docs.StatusSnippet").getMethod("run", PlaytchaVerifier.class);
        // A simulator of its own: no other verifier's background posts in its count.
        try (PlaytchaSimulator own = PlaytchaSimulator.start(); PlaytchaVerifier fresh = PlaytchaVerifier.create(
                PlaytchaSettings.builder(own.secret()).apiUrl(own.url()).timeout(TestSettings.PATIENT).build())) {
            VerifierStatus before = (VerifierStatus) run.invoke(null, fresh);

            assertEquals(0, own.callCount(), "cheap: no remote call");
            assertEquals(VerifierStatus.BreakerState.CLOSED, before.breaker());
            assertNotNull(before.breakerSince());
            assertEquals(10_000, before.ledgerCapacity(), "playtcha.ledger.capacity");
            assertEquals(0, before.ledgerOpen());
            assertNull(before.lastVerdict(), "null: never yet");
            assertNull(before.localFault());

            fresh.verify(own.mintToken(), "192.0.2.7", "/signup");
            own.injectOnce(Fault.serverError(503, "db_error"));
            fresh.verify(own.mintToken(), "192.0.2.7", "/signup");
            VerifierStatus after = (VerifierStatus) run.invoke(null, fresh);

            assertEquals(2, own.callCount(), "the two verifies, and nothing for the status");
            assertNotNull(after.lastVerdict(), "when Playtcha last answered about a token");
            assertEquals(1, after.consecutiveFailures(), "unavailable results in a row while CLOSED");
            assertEquals(VerifierStatus.BreakerState.CLOSED, after.breaker());
            assertEquals(1, after.decisions(DecisionEvent.Kind.VERIFIED), "one call, one decision");
            assertEquals(1, after.decisions(DecisionEvent.Kind.FAILED_OPEN), "the 503 failed open (the default)");
            assertEquals(1, after.ledgerOpen(), "and the call recorded it");
        }
    }

    @Test
    void metricsSnippet_recordsOnTheOpenTelemetryItIsGiven_untilItsMetricsAreClosed() throws Exception {
        InMemoryMetricReader reader = InMemoryMetricReader.create();
        try (OpenTelemetrySdk openTelemetry = OpenTelemetrySdk.builder()
                .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(reader).build()).build()) {
            Method run = compiled.loadClass("docs.MetricsSnippet").getMethod("run", PlaytchaSettings.class,
                    io.opentelemetry.api.OpenTelemetry.class, Consumer.class);
            List<Collection<MetricData>> whileAttached = new ArrayList<>();
            Consumer<PlaytchaVerifier> application = v -> whileAttached.add(reader.collectAllMetrics());

            try (PlaytchaVerifier attached = (PlaytchaVerifier) run.invoke(null, settings, openTelemetry, application)) {
                Collection<MetricData> recorded = whileAttached.get(0);
                assertEquals(10_000, longValue(recorded, "playtcha.ledger.capacity"));
                assertEquals(0, longValue(recorded, "playtcha.ledger.open"));
                assertTrue(names(recorded).contains("playtcha.breaker.state"), () -> names(recorded).toString());

                assertEquals(List.of(), names(reader.collectAllMetrics()), "metrics.close() stops recording");
                assertEquals(VerifierStatus.BreakerState.OFF, attached.status().breaker(), "the verifier itself goes on");
            }
        }
    }

    // docs/outages-and-ledger.md

    @Test
    void quarantineObserver_flagsEveryOutcomeButConfirmed_byTheLedgerIdTheRequestStored() throws Exception {
        List<String> flagged = new CopyOnWriteArrayList<>();
        DocsApplication.signups = flagged::add;
        Reconciliation confirmed = reconciliation(Reconciliation.Outcome.CONFIRMED, null);
        Reconciliation rejected = reconciliation(Reconciliation.Outcome.REJECTED, playtchaSaid(401, "token_invalid"));
        Reconciliation ambiguous = reconciliation(Reconciliation.Outcome.AMBIGUOUS, playtchaSaid(409, "already_redeemed"));
        Reconciliation expired = reconciliation(Reconciliation.Outcome.EXPIRED, null);

        observe(compiled.loadClass("docs.Quarantine"), confirmed, rejected, ambiguous, expired);

        assertEquals(List.of(rejected.entry().id(), ambiguous.entry().id(), expired.entry().id()), flagged);
    }

    @Test
    void idempotentObserver_storesAnEntryOnce_howeverOftenItIsDelivered() throws Exception {
        String url = TestPostgres.get().database();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE signup_review (ledger_id VARCHAR(36) PRIMARY KEY, outcome VARCHAR(16) NOT NULL)");
        }
        DocsApplication.jdbc = (sql, parameters) -> update(url, sql, parameters);
        Reconciliation rejected = reconciliation(Reconciliation.Outcome.REJECTED, playtchaSaid(401, "token_invalid"));
        Reconciliation ambiguous = reconciliation(Reconciliation.Outcome.AMBIGUOUS, playtchaSaid(409, "already_redeemed"));

        // A listener failed on the first delivery, so the ledger delivers the same entry again.
        observe(compiled.loadClass("docs.SignupReview"), rejected, ambiguous, rejected);

        assertEquals(Map.of(rejected.entry().id(), "REJECTED", ambiguous.entry().id(), "AMBIGUOUS"), rows(url));
    }

    // docs/faces.md

    @Test
    void facesActionVerifyingByHand_runsForAGoodToken_asksForANewOneOtherwise_andRecordsWhatFailedOpen() throws Exception {
        String token = playtcha.mintToken();

        Map<String, String> verified = lines(post("/signup.xhtml", "email", "ada@example.com", "playtcha-token", token));
        Map<String, String> replayed = lines(post("/signup.xhtml", "email", "ada@example.com", "playtcha-token", token));
        Map<String, String> missing = lines(post("/signup.xhtml", "email", "ada@example.com"));
        Map<String, String> failedOpen = lines(post("/signup.xhtml", "playtcha-token", duringAnOutage()));

        assertEquals(Map.of("outcome", "welcome", "messages", "[]"), verified);
        String again = "[ERROR 2: Please solve the captcha again.]";
        assertEquals(Map.of("outcome", "null", "messages", again), replayed, "the same view, with the message");
        assertEquals(Map.of("outcome", "null", "messages", again), missing);
        assertEquals(Map.of("outcome", "welcome", "messages", "[]"), failedOpen);
        // The filter's decision made by hand: the same Decision, ledger and listeners.
        DecisionEvent decided = decisionAt("/signup.xhtml", DecisionEvent.Kind.FAILED_OPEN);
        assertNotNull(decided.ledgerEntry(), "what failed open is in the ledger");
        assertEquals(2, playtcha.callCount(token));
    }

    @Test
    void fullSubmitFilter_passesPartialRequestsUnverified_andTheActionRefusesThemForWantOfAVerdict() throws Exception {
        String token = playtcha.mintToken();
        String[] partial = {"Faces-Request", "partial/ajax"};

        Map<String, String> ajaxWithToken = lines(post("/guarded.xhtml", partial, "email", "a@example.com", "playtcha-token", token));
        Map<String, String> ajaxWithout = lines(post("/guarded.xhtml", partial, "email", "a@example.com"));
        int callsAfterAjax = playtcha.callCount(token);
        Map<String, String> submit = lines(post("/guarded.xhtml", "email", "a@example.com", "playtcha-token", token));
        HttpResponse<String> submitWithout = post("/guarded.xhtml", "email", "a@example.com");

        assertEquals("null", ajaxWithToken.get("outcome"), "a partial request: the filter did not verify it");
        assertEquals("null", ajaxWithout.get("outcome"), "a forged partial request runs the action, which refuses");
        assertEquals(0, callsAfterAjax, "the AJAX postback did not spend the token");
        assertEquals("welcome", submit.get("outcome"), "the real submit verifies the same token, once");
        assertEquals(1, playtcha.callCount(token));
        assertEquals(403, submitWithout.statusCode(), "a full submit without a token is blocked by the filter");
    }

    // Runners: which snippet is which, and the class each is set in.

    private static String runnerOf(String doc, String snippet) {
        String runner;
        if (snippet.contains("PlaytchaSettings.builder(secret)") && snippet.contains(".set(Setting.")) {
            runner = "SettingsInCode";
        } else if (snippet.contains("@Named @RequestScoped")) {
            runner = "Signup";
        } else if (snippet.contains("extends PlaytchaFilter")) {
            runner = "FullSubmitPlaytchaFilter";
        } else if (snippet.contains("getRequestMap().get(\"com.playtcha.outcome\")")) {
            runner = "GuardedSignup";
        } else if (snippet.contains("verifier.status()")) {
            runner = "StatusSnippet";
        } else if (snippet.contains("PlaytchaMetrics.attach(")) {
            runner = "MetricsSnippet";
        } else if (snippet.contains("public class Quarantine")) {
            runner = "Quarantine";
        } else if (snippet.contains("@Observes Reconciliation") && snippet.contains("ON CONFLICT")) {
            runner = "SignupReview";
        } else {
            throw new AssertionError("docs/" + doc + " has a Java snippet this test cannot run yet; teach it:\n" + snippet);
        }
        return runner;
    }

    private static String source(String runner, String snippet) {
        return IMPORTS + switch (runner) {
            // A bean's action: its elided end is the outcome Faces navigates to.
            case "Signup" -> elide(snippet, "return \"welcome\";");
            case "FullSubmitPlaytchaFilter", "Quarantine" -> snippet;
            case "GuardedSignup" -> """
                    public class GuardedSignup {
                        public String submit() {
                            ExternalContext external = FacesContext.getCurrentInstance().getExternalContext();
                    %s        return "welcome";
                        }
                    }
                    """.formatted(snippet.indent(8));
            // The secret is the application's, from wherever it keeps it.
            case "SettingsInCode" -> """
                    public class SettingsInCode {
                        public static PlaytchaSettings run(String secret) {
                    %s        return settings;
                        }
                    }
                    """.formatted(snippet.indent(8));
            case "StatusSnippet" -> """
                    public class StatusSnippet {
                        public static VerifierStatus run(PlaytchaVerifier verifier) {
                    %s        return status;
                        }
                    }
                    """.formatted(snippet.indent(8));
            case "MetricsSnippet" -> metrics(snippet);
            case "SignupReview" -> """
                    @ApplicationScoped
                    public class SignupReview {
                    %s}
                    """.formatted(snippet.indent(4));
            default -> throw new AssertionError(runner);
        };
    }

    /** The snippet with its one elided line ({@code ...}, perhaps before a comment) as {@code code}. */
    static String elide(String snippet, String code) {
        Matcher elision = Pattern.compile("(?m)^([ \\t]*)\\.\\.\\.").matcher(snippet);
        assertTrue(elision.find(), () -> "no elided line (...) in\n" + snippet);
        String filled = elision.replaceFirst("$1" + Matcher.quoteReplacement(code));
        assertFalse(Pattern.compile("(?m)^[ \\t]*\\.\\.\\.").matcher(filled).find(), () -> "two elided lines in\n" + snippet);
        return filled;
    }

    /** The application's run is its {@code // ...}: given the verifier the snippet attached its metrics to. */
    private static String metrics(String snippet) {
        assertTrue(snippet.contains("// ...\n"), snippet);
        return """
                public class MetricsSnippet {
                    public static PlaytchaVerifier run(PlaytchaSettings settings, OpenTelemetry openTelemetry,
                            Consumer<PlaytchaVerifier> application) {
                %s        return verifier;
                    }
                }
                """.formatted(snippet.replace("// ...\n", "application.accept(verifier);\n").indent(8));
    }

    // The web application: the Faces views of docs/faces.md.

    private static Server deploy(PlaytchaSimulator sim) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(16, 2);
        threads.setName("docs-snippets");
        threads.setDaemon(true);
        Server server = new Server(threads);
        // One request a connection. CLIENT lives as long as the class and pools what it may: a
        // connection Jetty closed without saying so (after answering a POST whose body it had not
        // read, or after its 30 s idle timeout) could be taken from the pool before the client saw the
        // close, and the POST sent on it failed with "header parser received no bytes". Jetty now
        // answers every request with "Connection: close" and closes after the response, and the JDK
        // client does not pool a connection so answered: each request opens its own, and no request
        // is sent on a connection the server closed.
        HttpConfiguration http = new HttpConfiguration();
        http.setPersistentConnectionsEnabled(false);
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");

        // Way 2: no filter on the view; the bean verifies in its action, with what CDI injects.
        Class<?> signup = compiled.loadClass("docs.Signup");
        context.addServlet(new ServletHolder("signup", new FacesAction(() -> inject(signup))), "/signup.xhtml");

        // Way 3: the filter's subclass on the view, the action insisting on a verdict.
        Class<?> guarded = compiled.loadClass("docs.GuardedSignup");
        context.addServlet(new ServletHolder("guarded", new FacesAction(() -> inject(guarded))), "/guarded.xhtml");
        FilterHolder filter = new FilterHolder(compiled.loadClass("docs.FullSubmitPlaytchaFilter").asSubclass(Filter.class));
        filter.setName("playtcha");
        filter.setInitParameters(Map.of("secret", sim.secret(), "api-url", sim.url().toString(), "timeout", "30s",
                "connect-timeout", "1s"));
        context.addFilter(filter, "/guarded.xhtml", EnumSet.of(DispatcherType.REQUEST));

        server.setHandler(context);
        server.start();
        return server;
    }

    /** A new bean, its {@code @Inject} fields set as CDI would set them. */
    private static Object inject(Class<?> type) {
        try {
            Object bean = type.getConstructor().newInstance();
            for (Field field : type.getDeclaredFields()) {
                if (field.isAnnotationPresent(jakarta.inject.Inject.class)) {
                    field.setAccessible(true);
                    field.set(bean, field.getType() == PlaytchaVerifier.class ? verifier : settings);
                }
            }
            return bean;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * What {@code FacesServlet} does for these views here: a {@code FacesContext} over the servlet
     * request, current on the thread while the action runs, and the action's outcome and messages
     * written back as lines.
     */
    static final class FacesAction extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final transient Supplier<Object> beans;

        FacesAction(Supplier<Object> beans) {
            this.beans = beans;
        }

        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            Object bean = beans.get();
            RequestFacesContext faces = new RequestFacesContext(request);
            Object outcome;
            try {
                outcome = bean.getClass().getMethod("submit").invoke(bean);
            } catch (InvocationTargetException e) {
                throw new IOException(e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            } finally {
                faces.release();
            }
            response.setContentType("text/plain;charset=UTF-8");
            response.getWriter().print("outcome=" + outcome + "\nmessages=" + faces.messages);
        }
    }

    /** The part of a {@code FacesContext} the beans use: its external context and its messages. */
    static final class RequestFacesContext extends FacesContextWrapper {
        final List<String> messages = new ArrayList<>();
        private final ExternalContext external;

        RequestFacesContext(HttpServletRequest request) {
            super(null);
            external = new RequestExternalContext(request);
            setCurrentInstance(this);
        }

        @Override
        public ExternalContext getExternalContext() {
            return external;
        }

        @Override
        public void addMessage(String clientId, FacesMessage message) {
            messages.add(message.getSeverity() + ": " + message.getSummary());
        }

        @Override
        public void release() {
            setCurrentInstance(null);
        }
    }

    /** The servlet request, its parameters and its attributes, as Faces' {@code ExternalContext} shows them. */
    @SuppressWarnings("unchecked") // the Faces API's own: ExternalContextWrapper.getInitParameterMap() returns a raw Map
    static final class RequestExternalContext extends ExternalContextWrapper {
        private final HttpServletRequest request;

        RequestExternalContext(HttpServletRequest request) {
            super(null);
            this.request = request;
        }

        @Override
        public Object getRequest() {
            return request;
        }

        @Override
        public Map<String, String> getRequestParameterMap() {
            Map<String, String> parameters = new HashMap<>();
            for (String name : Collections.list(request.getParameterNames())) {
                parameters.put(name, request.getParameter(name));
            }
            return parameters;
        }

        @Override
        public Map<String, Object> getRequestMap() {
            Map<String, Object> attributes = new HashMap<>();
            for (String name : Collections.list(request.getAttributeNames())) {
                attributes.put(name, request.getAttribute(name));
            }
            return attributes;
        }
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

    /** Fires each reconciliation, in order, as the library's CDI relay does, to an application with this one bean. */
    private static void observe(Class<?> bean, Reconciliation... reconciliations) {
        Weld weld = new Weld("docs-" + bean.getSimpleName()).disableDiscovery().addBeanClass(bean);
        try (WeldContainer cdi = weld.initialize()) {
            for (Reconciliation r : reconciliations) {
                cdi.getBeanManager().getEvent().select(Reconciliation.class).fire(r);
            }
        }
    }

    private static Reconciliation reconciliation(Reconciliation.Outcome outcome, VerificationResult result) {
        LedgerEntry entry = new LedgerEntry(UUID.randomUUID().toString(), "tok_" + UUID.randomUUID(), Instant.now(),
                "/signup", "192.0.2.7", VerificationResult.TIMEOUT);
        return new Reconciliation(entry, outcome, result, Instant.now());
    }

    private static VerificationResult playtchaSaid(int status, String code) {
        return VerificationResult.Rejected.byPlaytcha(code, "Playtcha said " + code, "req_" + code, status, null);
    }

    private static int update(String url, String sql, Object... parameters) {
        try (Connection c = DriverManager.getConnection(url); PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> rows(String url) throws SQLException {
        Map<String, String> rows = new HashMap<>();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT ledger_id, outcome FROM signup_review")) {
            while (r.next()) {
                rows.put(r.getString(1), r.getString(2));
            }
        }
        return rows;
    }

    /** The decision the application's verifier reported for this path, of this kind. */
    private static DecisionEvent decisionAt(String path, DecisionEvent.Kind kind) {
        return decisions.stream().filter(d -> path.equals(d.path()) && d.kind() == kind).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no " + kind + " decision at " + path + " in " + decisions));
    }

    private static long longValue(Collection<MetricData> metrics, String name) {
        return metrics.stream().filter(m -> m.getName().equals(name)).findFirst()
                .map(m -> m.getLongSumData().getPoints().iterator().next()).map(LongPointData::getValue)
                .orElseThrow(() -> new AssertionError("no " + name + " in " + names(metrics)));
    }

    private static List<String> names(Collection<MetricData> metrics) {
        return metrics.stream().map(MetricData::getName).filter(n -> n.startsWith("playtcha.")).sorted().toList();
    }

    private HttpResponse<String> post(String path, String... form) throws Exception {
        return post(path, new String[0], form);
    }

    /** Posts the form (name, value, ...) with these headers (name, value, ...). */
    private HttpResponse<String> post(String path, String[] headers, String... form) throws Exception {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i + 1 < form.length; i += 2) {
            body.append(body.length() == 0 ? "" : "&").append(URLEncoder.encode(form[i], StandardCharsets.UTF_8))
                    .append('=').append(URLEncoder.encode(form[i + 1], StandardCharsets.UTF_8));
        }
        int port = ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(TestSettings.WAIT).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The stand-in's answer, {@code name=value} per line; a status other than 200 fails here. */
    private static Map<String, String> lines(HttpResponse<String> reply) {
        assertEquals(200, reply.statusCode(), reply::body);
        Map<String, String> lines = new LinkedHashMap<>();
        reply.body().lines().forEach(line -> lines.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1)));
        return lines;
    }
}
