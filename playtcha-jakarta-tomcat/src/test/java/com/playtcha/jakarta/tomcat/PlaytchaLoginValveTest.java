package com.playtcha.jakarta.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.spi.door.DoorContract;
import com.playtcha.jakarta.spi.door.DoorContract.Reply;
import com.playtcha.jakarta.spi.door.LoginProtocol;
import com.playtcha.jakarta.spi.door.StubGuard;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.authenticator.FormAuthenticator;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The valve in a real embedded Tomcat with a real FORM login, talking to a {@link StubGuard} through
 * the protocol the library speaks: the door contract every door passes ({@link DoorContract}), then
 * what is Tomcat's own (its rule for a login post, the facades, the form's charset, the host).
 */
class PlaytchaLoginValveTest extends DoorContract {

    @TempDir
    Path base;

    @Override
    protected String door() {
        return "tomcat";
    }

    @Override
    protected DoorApp start(Filter guard) throws Exception {
        return LoginApp.start(base, guard, new PlaytchaLoginValve());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/app/j_security_check", "/j_security_check", "/a/b/j_security_check",
            "/app/j_security_check;jsessionid=1", "/app;v=1/j_security_check", "/app/j_security_check;a=1;b=2"})
    void tomcat_takesADecodedUriEndingInTheAction_withoutParameters(String decodedUri) {
        assertTrue(PlaytchaLoginValve.loginPost(decodedUri));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/", "/app/", "/app/j_security_check/", "/app/j_security_checks", "/app/xj_security_check",
            "/app/j_security_check/x", "/app/J_SECURITY_CHECK", "/app/j_security_check.do", "j_security_check"})
    void tomcat_takesNothingElse(String decodedUri) {
        assertFalse(PlaytchaLoginValve.loginPost(decodedUri));
        assertFalse(PlaytchaLoginValve.loginPost(null));
    }

    @Test
    void aRefusedLogin_leavesTheSessionAsItWas_andWithoutOneCreatesNone() throws Exception {
        try (LoginApp app = LoginApp.start(base, new StubGuard(), new PlaytchaLoginValve())) {
            Reply post = app.logIn(LoginApp.PASSWORD, "a-token", StubGuard.HEADER, "refuse");
            assertFalse(LoginApp.setsSession(post), () -> "no new session after a refused login: " + post);

            Reply sessionless = app.postWithoutSession("j_security_check", LoginApp.form(Map.of("j_username", LoginApp.USER,
                    "j_password", LoginApp.PASSWORD)), StubGuard.HEADER, "refuse");
            assertFalse(LoginApp.setsSession(sessionless), sessionless::toString);
            assertEquals(0, app.realm.calls());
        }
    }

    @Test
    void acceptedLogin_withAWrongPassword_getsTheContainersErrorPage() throws Exception {
        try (LoginApp app = LoginApp.start(base, new StubGuard(), new PlaytchaLoginValve())) {
            Reply post = app.logIn("wrong", "a-token");

            assertTrue(post.body().startsWith("login error page"), post::toString);
            assertEquals(1, app.realm.calls());
        }
    }

    @Test
    void noOutcome_whenTomcatChecksNoPassword_orLogsNobodyIn() throws Exception {
        StubGuard guard = new StubGuard();
        try (LoginApp app = LoginApp.start(base, guard, new PlaytchaLoginValve())) {
            String credentials = LoginApp.form(Map.of("j_username", LoginApp.USER, "j_password", LoginApp.PASSWORD));
            Reply expired = app.post("j_security_check", credentials);
            assertEquals(408, expired.status(), () -> "no login session: the right password logs nobody in " + expired);
            assertEquals(List.of(), guard.outcomes());

            app.logIn(LoginApp.PASSWORD, "a-token");
            assertEquals(List.of(true), guard.outcomes(1));
            app.post("j_security_check", LoginApp.form(Map.of("j_username", LoginApp.USER, "j_password", "wrong")));
            app.post("j_security_check", credentials, StubGuard.HEADER, "refuse");

            assertEquals(List.of(true), guard.outcomes(), "logged in already: Tomcat took the session's login");
            assertEquals(2, app.realm.calls());
        }
    }

    @Test
    void withoutTheValve_nothingIsAnnounced_andTheGuardIsNeverCalled() throws Exception {
        StubGuard guard = new StubGuard();
        try (LoginApp app = LoginApp.start(base, guard)) {
            assertNull(app.announcedAtStart());
            assertEquals(303, app.logIn(LoginApp.PASSWORD, "a-token", StubGuard.HEADER, "refuse").status());
            assertEquals(List.of(), guard.calls(), "the control case: Tomcat alone never lets a filter see the post");
        }
    }

    @Test
    void removingTheValve_withdrawsTheAnnouncement() throws Exception {
        PlaytchaLoginValve valve = new PlaytchaLoginValve();
        try (LoginApp app = LoginApp.start(base, null, valve)) {
            assertEquals("hook=tomcat", app.get("hook").body());
            app.context.getPipeline().removeValve(valve);

            assertNull(app.servletContext().getAttribute(LoginProtocol.HOOK));
            assertNull(app.servletContext().getAttribute(LoginProtocol.OUTCOMES));
        }
    }

    @Test
    void theGuardGets_theFacadesTheApplicationsFiltersGet() throws Exception {
        StubGuard guard = new StubGuard();
        try (LoginApp app = LoginApp.start(base, guard, new PlaytchaLoginValve())) {
            app.logIn(LoginApp.PASSWORD, "a-token");

            StubGuard.Call call = guard.calls().get(0);
            // The facades the application's filters get, not Tomcat's connector objects.
            assertInstanceOf(HttpServletRequest.class, call.request());
            assertFalse(call.request() instanceof org.apache.catalina.connector.Request, call.request().getClass().getName());
            assertInstanceOf(HttpServletResponse.class, call.response());
            assertFalse(call.response() instanceof org.apache.catalina.connector.Response, call.response().getClass().getName());
        }
    }

    @Test
    void aGuardsForward_showsTheFormErrorPage_withTheGuardsStatus() throws Exception {
        try (LoginApp app = LoginApp.start(base, new StubGuard(), new PlaytchaLoginValve())) {
            Reply post = app.logIn(LoginApp.PASSWORD, "a-token", StubGuard.HEADER, "forward");

            assertEquals(403, post.status(), post::toString);
            assertTrue(post.body().startsWith("login error page\ncom.playtcha.outcome=rejected"), post::toString);
            assertEquals(0, app.realm.calls());
        }
    }

    /**
     * The charset trap: Tomcat decodes a form body once, with the encoding set when it is first read.
     * The guard reads the token first, so the valve must set the authenticator's encoding before, as
     * the authenticator would: unconditionally, even over the one the client declared.
     */
    @ParameterizedTest
    @ValueSource(strings = {"application/x-www-form-urlencoded", "application/x-www-form-urlencoded;charset=ISO-8859-1"})
    void theAuthenticatorsCharacterEncoding_isSetBeforeTheGuardReadsTheForm(String contentType) throws Exception {
        String user = "jürgen-čapek";
        FormAuthenticator utf8 = new FormAuthenticator();
        utf8.setCharacterEncoding("UTF-8");
        try (LoginApp app = LoginApp.start(base, Map.of(user, "pässwörd"), new StubGuard(), new PlaytchaLoginValve(), utf8)) {
            app.get("secure/whoami");
            Reply post = app.post("j_security_check", LoginApp.form(Map.of("j_username", user, "j_password", "pässwörd",
                    "playtcha-token", "a-token")), "Content-Type", contentType);

            assertEquals(List.of(user), app.realm.checkedNames());
            assertEquals(303, post.status(), post::toString);
            assertEquals("user=" + user, app.whoAmI());
        }
    }

    @Test
    void asynchronousRequests_stayPossible_inTheApplication() throws Exception {
        try (LoginApp app = LoginApp.start(base, null, new PlaytchaLoginValve())) {
            assertEquals("async=true", app.get("async").body());
        }
    }

    @Test
    void aSecondValve_handsThePostOverNoSecondTime() throws Exception {
        StubGuard guard = new StubGuard();
        try (LoginApp app = LoginApp.start(base, guard, new PlaytchaLoginValve(), new PlaytchaLoginValve())) {
            assertEquals(303, app.logIn(LoginApp.PASSWORD, "a-token").status());

            assertEquals(1, guard.calls().size());
            assertEquals(1, app.realm.calls());
            assertEquals(List.of(true), guard.outcomes(1), "reported once");
        }
    }

    @Test
    void onAHost_theValveRefusesToStart() throws Exception {
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        tomcat.setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        tomcat.getHost().getPipeline().addValve(new PlaytchaLoginValve());
        try {
            LifecycleException failure = assertThrows(LifecycleException.class, tomcat::start);
            assertTrue(causes(failure).contains("PlaytchaLoginValve belongs in a Context"), () -> causes(failure));
        } finally {
            tomcat.stop();
            tomcat.destroy();
        }
    }

    /** Tomcat hands the initializers it finds in lib/ to every application: this jar must bring none. */
    @Test
    void theModuleShipsNoServiceFiles() throws Exception {
        Path classes = Path.of(PlaytchaLoginValve.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertTrue(Files.isDirectory(classes.resolve("com/playtcha/jakarta/tomcat")), classes::toString);
        assertFalse(Files.exists(classes.resolve("META-INF/services")), "no META-INF/services in " + classes);
        assertFalse(Files.exists(classes.resolve("META-INF/web-fragment.xml")), "no web-fragment.xml in " + classes);
    }

    private static String causes(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            all.append(t).append('\n');
        }
        return all.toString();
    }
}
