package com.playtcha.jakarta.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.TestSettings;
import com.playtcha.jakarta.core.VerifierThreads;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
        System.setProperty("playtcha.timeout", TestSettings.PATIENT.toMillis() + "ms"); // nothing here hangs
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

    /**
     * A container told to skip the initializer (or Spring Boot's embedded Tomcat, which runs none from a
     * jar): a filter mapped by hand there, with {@code playtcha.url-patterns} set, would leave those
     * patterns unguarded. Spring Boot's wording (the starter) is checked in the starter's tests.
     */
    @Test
    void urlPatterns_whereTheInitializerNeverRan_failTheFiltersStart_sayingWhatToDo() {
        PlaytchaSimulator sim = PLAYTCHA.simulator();

        Exception thrown = assertThrows(Exception.class, () -> EmbeddedJetty.start(context -> {
            context.addServlet(new ServletHolder("app", new EchoServlet()), "/*");
            context.setInitParameter("playtcha.url-patterns", "/signup/*");
            EmbeddedJetty.guard(context, EmbeddedJetty.playtcha("by-hand", EmbeddedJetty.settings(sim)), "/contact");
        }).close());

        String message = String.valueOf(thrown.getMessage());
        assertTrue(message.contains("playtcha.url-patterns [/signup/*]"), thrown::toString);
        assertTrue(message.contains("<filter-mapping> in web.xml"), thrown::toString);
    }

    @Test
    void registeredFilter_withoutASecret_failsStartup_namingTheKey() {
        System.clearProperty("playtcha.secret");

        Exception thrown = assertThrows(Exception.class, () -> start("/signup/*", context -> { }).close());

        assertTrue(thrown.getMessage().contains("playtcha.secret"), thrown::toString);
    }

    /**
     * WildFly starts a filter on its first request, so a filter's own {@code init} is too late to
     * fail a deployment there. The initializer checks every declared PlaytchaFilter at start-up;
     * here the failure must come from it, before any filter starts, and build no verifier.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            missing secret       | secret |          | playtcha.secret: required; set PLAYTCHA_SECRET in the environment or the playtcha.secret MicroProfile Config key (a system property where there is no MicroProfile Config); or this filter
            bad mode             | mode   | strict   | playtcha.mode: must be enforce or observe; got 'strict'
            verify URL as api-url | api-url | http://127.0.0.1:9/v1/verify | use 'http://127.0.0.1:9' instead
            unknown init-param   | fail-open | true  | unknown init-param 'fail-open'
            """)
    void declaredFilterWithABadSetting_failsStartupInTheInitializer_beforeAnyFilterStarts(String problem, String name,
            String value, String message) {
        System.clearProperty("playtcha.secret"); // nothing but the init-params decides
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        java.util.Map<String, String> params = new java.util.LinkedHashMap<>(EmbeddedJetty.settings(sim));
        if (value == null) {
            params.remove(name);
        } else {
            params.put(name, value);
        }
        VerifierThreads threads = VerifierThreads.snapshot();

        Exception thrown = assertThrows(Exception.class, () -> start(null, context -> {
            EmbeddedJetty.guard(context, EmbeddedJetty.playtcha("good", EmbeddedJetty.settings(sim)), "/signup/*");
            EmbeddedJetty.guard(context, EmbeddedJetty.playtcha("payment-guard", params), "/payment/*");
        }).close());

        ServletException failure = assertInstanceOf(ServletException.class, thrown, () -> "Jetty threw " + thrown);
        assertTrue(failure.getMessage().startsWith("PlaytchaFilter 'payment-guard': "), failure::getMessage);
        assertTrue(failure.getMessage().contains(message), failure::getMessage);
        assertFalse(failure.getMessage().contains(sim.secret()), failure::getMessage);
        assertTrue(thrownBy(failure, PlaytchaInitializer.class), () -> "not the initializer's check: " + stackTrace(failure));
        assertEquals(List.of(), threads.started(), "a check builds no verifier");
    }

    @Test
    void declaredFilterWithoutASecretInitParam_takesItFromMicroProfileConfig_andStarts() throws Exception {
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        java.util.Map<String, String> params = new java.util.LinkedHashMap<>(EmbeddedJetty.settings(sim));
        params.remove("secret");
        try (EmbeddedJetty jetty = start(null, context ->
                EmbeddedJetty.guard(context, EmbeddedJetty.playtcha("from-config", params), "/payment/*"))) {
            Reply reply = jetty.post("/payment/pay").form("playtcha-token", sim.mintToken()).send();

            assertEquals(200, reply.status(), reply::toString);
            assertEquals("verified", reply.echo().get(PlaytchaFilter.OUTCOME));
        }
    }

    /** A subclass that only adds behaviour reads its registration like PlaytchaFilter, and is checked. */
    public static class AuditingFilter extends PlaytchaFilter {
        private static final long serialVersionUID = 1L;
    }

    /** A subclass that supplies its secret in code: its registration does not tell the whole story. */
    public static class SecretInCodeFilter extends PlaytchaFilter {
        private static final long serialVersionUID = 1L;

        @Override
        public jakarta.servlet.FilterConfig getFilterConfig() {
            jakarta.servlet.FilterConfig config = super.getFilterConfig();
            return new jakarta.servlet.FilterConfig() {
                @Override
                public String getFilterName() {
                    return config.getFilterName();
                }

                @Override
                public jakarta.servlet.ServletContext getServletContext() {
                    return config.getServletContext();
                }

                @Override
                public String getInitParameter(String name) {
                    return name.equals("secret") ? PLAYTCHA.simulator().secret() : config.getInitParameter(name);
                }

                @Override
                public java.util.Enumeration<String> getInitParameterNames() {
                    List<String> names = new java.util.ArrayList<>(java.util.Collections.list(config.getInitParameterNames()));
                    names.add("secret");
                    return java.util.Collections.enumeration(names);
                }
            };
        }
    }

    @Test
    void subclassWithABadSetting_isCheckedToo() {
        System.clearProperty("playtcha.secret");

        Exception thrown = assertThrows(Exception.class, () -> start(null, context -> {
            FilterHolder holder = new FilterHolder(AuditingFilter.class);
            holder.setName("audited");
            EmbeddedJetty.guard(context, holder, "/payment/*");
        }).close());

        assertTrue(thrown.getMessage().startsWith("PlaytchaFilter 'audited': playtcha.secret"), thrown::getMessage);
        assertTrue(thrownBy(thrown, PlaytchaInitializer.class), () -> stackTrace(thrown));
    }

    @Test
    void subclassThatConfiguresItselfInCode_isLeftToItsOwnInit() throws Exception {
        System.clearProperty("playtcha.secret");
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        java.util.Map<String, String> params = new java.util.LinkedHashMap<>(EmbeddedJetty.settings(sim));
        params.remove("secret");
        try (EmbeddedJetty jetty = start(null, context -> {
            FilterHolder holder = new FilterHolder(SecretInCodeFilter.class);
            holder.setName("in-code");
            holder.setInitParameters(params);
            EmbeddedJetty.guard(context, holder, "/payment/*");
        })) {
            Reply reply = jetty.post("/payment/pay").form("playtcha-token", sim.mintToken()).send();

            assertEquals("verified", reply.echo().get(PlaytchaFilter.OUTCOME), reply::toString);
        }
    }

    private static boolean thrownBy(Throwable failure, Class<?> type) {
        return Arrays.stream(failure.getStackTrace()).anyMatch(frame -> frame.getClassName().equals(type.getName()));
    }

    private static String stackTrace(Throwable failure) {
        java.io.StringWriter out = new java.io.StringWriter();
        failure.printStackTrace(new java.io.PrintWriter(out));
        return out.toString();
    }

    private static List<String> filterNames(EmbeddedJetty jetty) {
        FilterHolder[] filters = jetty.context().getServletHandler().getFilters();
        return filters == null ? List.of() : Arrays.stream(filters).map(FilterHolder::getName).toList();
    }
}
