package com.playtcha.jakarta.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import jakarta.servlet.ServletException;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link PlaytchaInitializer}: with {@code playtcha.url-patterns} the filter registers itself, with
 * its settings from MicroProfile Config. SmallRye Config is on the test class path and reads system
 * properties, so the secret and api-url are given as {@code playtcha.secret} and
 * {@code playtcha.api-url} system properties, set for each test and cleared after it.
 */
class InitializerTest {

    @RegisterExtension
    static final PlaytchaSimulatorExtension PLAYTCHA = new PlaytchaSimulatorExtension();

    private static final List<String> PROPERTIES = List.of("playtcha.secret", "playtcha.api-url", "playtcha.timeout",
            "playtcha.url-patterns");

    @BeforeEach
    void configureThroughMicroProfileConfig() {
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        System.setProperty("playtcha.secret", sim.secret());
        System.setProperty("playtcha.api-url", sim.url().toString());
        System.setProperty("playtcha.timeout", EmbeddedJetty.TIMEOUT);
    }

    @AfterEach
    void clearProperties() {
        PROPERTIES.forEach(System::clearProperty);
    }

    private static EmbeddedJetty start(String urlPatterns, Consumer<ServletContextHandler> more) throws Exception {
        return EmbeddedJetty.start(context -> {
            context.addServlet(new ServletHolder("app", new EchoServlet()), "/*");
            if (urlPatterns != null) {
                context.setInitParameter("playtcha.url-patterns", urlPatterns);
            }
            context.addServletContainerInitializer(new PlaytchaInitializer());
            more.accept(context);
        });
    }

    @Test
    void urlPatternsContextParam_registersTheFilter_whichGuardsThosePaths() throws Exception {
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        try (EmbeddedJetty jetty = start("/signup/*, /contact", context -> { })) {
            Reply noToken = jetty.post("/signup/form").acceptJson().send();
            Reply verified = jetty.post("/contact").form("playtcha-token", sim.mintToken()).send();
            Reply elsewhere = jetty.post("/about").send();

            assertEquals(List.of(PlaytchaInitializer.FILTER_NAME), filterNames(jetty));
            assertEquals(403, noToken.status(), noToken::toString);
            assertEquals("missing_token", noToken.json().getJsonObject("error").getString("code"));
            assertEquals(200, verified.status(), verified::toString);
            assertEquals("verified", verified.echo().get(PlaytchaFilter.OUTCOME));
            assertEquals(200, elsewhere.status());
            FilterMatchingTest.assertNoPlaytchaAttributes(elsewhere.echo());
            assertEquals(1, sim.callCount());
        }
    }

    @Test
    void urlPatternsFromMicroProfileConfig_registersTheFilter() throws Exception {
        System.setProperty("playtcha.url-patterns", "/signup/*");
        try (EmbeddedJetty jetty = start(null, context -> { })) {
            Reply noToken = jetty.post("/signup/form").acceptJson().send();

            assertEquals(List.of(PlaytchaInitializer.FILTER_NAME), filterNames(jetty));
            assertEquals(403, noToken.status(), noToken::toString);
        }
    }

    @Test
    void withoutUrlPatterns_nothingIsRegistered() throws Exception {
        try (EmbeddedJetty jetty = start(null, context -> { })) {
            Reply reply = jetty.post("/signup/form").acceptJson().send();

            assertEquals(List.of(), filterNames(jetty));
            assertEquals(200, reply.status(), reply::toString);
            assertEquals(0, PLAYTCHA.simulator().callCount());
        }
    }

    @Test
    void declaredPlaytchaFilter_isTheOnlyOne_theInitializerRegistersNoSecond() throws Exception {
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        try (EmbeddedJetty jetty = start("/signup/*", context -> EmbeddedJetty.guard(context,
                EmbeddedJetty.playtcha("declared", EmbeddedJetty.settings(sim)), "/payment/*"))) {
            Reply signup = jetty.post("/signup/form").acceptJson().send();
            Reply payment = jetty.post("/payment/pay").acceptJson().send();

            assertEquals(List.of("declared"), filterNames(jetty));
            assertEquals(200, signup.status(), "the declaration wins; url-patterns is not applied: " + signup);
            assertEquals(403, payment.status(), payment::toString);
        }
    }

    @Test
    void declaredPlaytchaFilterInstance_isRecognisedToo() throws Exception {
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        try (EmbeddedJetty jetty = start("/signup/*", context -> {
            FilterHolder instance = new FilterHolder(new PlaytchaFilter());
            instance.setName("declared-instance");
            instance.setInitParameters(EmbeddedJetty.settings(sim));
            EmbeddedJetty.guard(context, instance, "/payment/*");
        })) {
            assertEquals(List.of("declared-instance"), filterNames(jetty));
        }
    }

    @Test
    void invalidUrlPattern_failsStartup_namingTheKey() {
        Exception thrown = assertThrows(Exception.class, () -> start("signup/*", context -> { }).close());

        ServletException failure = assertInstanceOf(ServletException.class, thrown, () -> "Jetty threw " + thrown);
        assertTrue(failure.getMessage().contains("playtcha.url-patterns"), failure::getMessage);
        assertTrue(failure.getMessage().contains("'signup/*'"), failure::getMessage);
    }

    @Test
    void registeredFilter_withoutASecret_failsStartup_namingTheKey() {
        System.clearProperty("playtcha.secret");

        Exception thrown = assertThrows(Exception.class, () -> start("/signup/*", context -> { }).close());

        assertTrue(thrown.getMessage().contains("playtcha.secret"), thrown::toString);
    }

    private static List<String> filterNames(EmbeddedJetty jetty) {
        FilterHolder[] filters = jetty.context().getServletHandler().getFilters();
        return filters == null ? List.of() : Arrays.stream(filters).map(FilterHolder::getName).toList();
    }
}
