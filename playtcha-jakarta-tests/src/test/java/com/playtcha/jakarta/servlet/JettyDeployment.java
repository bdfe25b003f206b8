package com.playtcha.jakarta.servlet;

import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import java.net.URI;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One application on {@link EmbeddedJetty} for a whole test class: deployed before its first test,
 * stopped after its last (and after its {@code @AfterAll} methods). The application is described as
 * web.xml would, given the class's simulator, which is started first whatever order JUnit registers
 * the two extensions in.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final PlaytchaSimulatorExtension PLAYTCHA = new PlaytchaSimulatorExtension();
 *
 * @RegisterExtension
 * static final JettyDeployment JETTY = JettyDeployment.of(PLAYTCHA, (context, sim) -> {
 *     context.addServlet(new ServletHolder("app", new EchoServlet()), "/*");
 *     EmbeddedJetty.guard(context, EmbeddedJetty.playtcha("signup", EmbeddedJetty.settings(sim)), "/signup/*");
 * });
 *
 * @Test
 * void validToken_passes() throws Exception {
 *     Reply reply = JETTY.post("/signup/form").form("playtcha-token", PLAYTCHA.simulator().mintToken()).send();
 * }
 * }</pre>
 */
final class JettyDeployment implements BeforeAllCallback, AfterAllCallback {

    /** The application at {@code /}: its servlets, filters and mappings, pointed at the simulator. */
    @FunctionalInterface
    interface Application {
        void deploy(ServletContextHandler context, PlaytchaSimulator sim) throws Exception;
    }

    private final PlaytchaSimulatorExtension playtcha;
    private final Application application;
    private volatile EmbeddedJetty jetty;

    private JettyDeployment(PlaytchaSimulatorExtension playtcha, Application application) {
        this.playtcha = playtcha;
        this.application = application;
    }

    /** An application whose filters talk to the simulator of {@code playtcha}. */
    static JettyDeployment of(PlaytchaSimulatorExtension playtcha, Application application) {
        return new JettyDeployment(playtcha, application);
    }

    /** An application that needs no simulator. */
    static JettyDeployment of(EmbeddedJetty.Deployment deployment) {
        return new JettyDeployment(null, (context, none) -> deployment.deploy(context));
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        PlaytchaSimulator sim = playtcha == null ? null : simulator(context);
        jetty = EmbeddedJetty.start(servletContext -> application.deploy(servletContext, sim));
    }

    /** The class's one simulator, started here if JUnit has not run its extension yet. */
    private PlaytchaSimulator simulator(ExtensionContext context) {
        playtcha.beforeAll(context);
        return playtcha.simulator();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        EmbeddedJetty deployed = jetty;
        jetty = null;
        if (deployed != null) {
            deployed.close();
        }
    }

    /** The running server; valid from the class's {@code @BeforeAll} methods on. */
    EmbeddedJetty jetty() {
        EmbeddedJetty running = jetty;
        if (running == null) {
            throw new IllegalStateException("the application is deployed in the extension's beforeAll; "
                    + "register it on a static field");
        }
        return running;
    }

    Call post(String path) {
        return jetty().post(path);
    }

    Call request(String method, String path) {
        return jetty().request(method, path);
    }

    URI uri(String path) {
        return jetty().uri(path);
    }

    int port() {
        return jetty().port();
    }

    /** The number of verifiers the application's filters share (see {@link SharedVerifiers}). */
    int sharedVerifiers() {
        return jetty().sharedVerifiers();
    }
}
