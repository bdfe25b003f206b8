package com.playtcha.jakarta.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.spi.door.LoginProtocol;
import com.playtcha.jakarta.tomcat.LoginApp.Reply;
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
 * the protocol the library speaks (the servlet-context attribute, a {@code Filter}, a chain that
 * says "go on").
 */
class PlaytchaLoginValveTest {

    @TempDir
    Path base;

    @Test
    void refusedLogin_neverReachesTheRealm_andLeavesTheSessionAsItWas() throws Exception {
        StubGuard guard = new StubGuard();
        try (LoginApp app = LoginApp.start(base, guard, new PlaytchaLoginValve())) {
            Reply post = app.logIn(LoginApp.PASSWORD, "a-token", StubGuard.HEADER, "refuse");

            assertEquals(403, post.status(), post::toString);
            assertEquals(StubGuard.REFUSAL, post.body());
            assertEquals(0, app.realm.calls(), "the realm must not be asked");
            assertFalse(post.setsSession(), () -> "no new session after a refused login: " + post);
            assertEquals("login page", app.whoAmI(), "not logged in");
            assertEquals(1, guard.calls().size());
        }
    }

    @Test
    void refusedLogin_withoutASession_createsNone() throws Exception {
        try (LoginApp app = LoginApp.start(base, new StubGuard(), new PlaytchaLoginValve())) {
            Reply post = app.post("j_security_check", LoginApp.form(Map.of("j_username", LoginApp.USER,
                    "j_password", LoginApp.PASSWORD)), StubGuard.HEADER, "refuse");

            assertEquals(403, post.status(), post::toString);
            assertFalse(post.setsSession(), post::toString);
            assertEquals(0, app.realm.calls());
        }
    }

    @Test
    void acceptedLogin_goesOnToTheAuthenticator_whichAsksTheRealmOnce() throws Exception {
        StubGuard guard = new StubGuard();
        try (LoginApp app = LoginApp.start(base, guard, new PlaytchaLoginValve())) {
            Reply post = app.logIn(LoginApp.PASSWORD, "a-token", StubGuard.HEADER, "go");

            assertEquals(303, post.status(), post::toString);
            assertTrue(post.headers().firstValue("Location").orElseThrow().endsWith("/app/secure/whoami"), post::toString);
            assertEquals(1, app.realm.calls());
            assertEquals("user=alice", app.whoAmI());
            assertEquals(1, guard.calls().size());
        }
    }

    @Test
    void acceptedLogin_withAWrongPassword_getsTheContainersErrorPage() throws Exception {
        try (LoginApp app = LoginApp.start(base, new StubGuard(), new PlaytchaLoginValve())) {
            Reply post = app.logIn("wrong", "a-token", StubGuard.HEADER, "go");

            assertEquals("login error page", post.body(), post::toString);
            assertEquals(1, app.realm.calls());
            assertEquals("login page", app.whoAmI());
        }
    }

    @Test
    void theOutcome_isReportedOnce_trueForTheRightPassword_falseForAWrongOne_noneForARefusedPost() throws Exception {
        StubGuard guard = new StubGuard();
        try (LoginApp app = LoginApp.start(base, guard, new PlaytchaLoginValve())) {
            app.logIn(LoginApp.PASSWORD, "a-token", StubGuard.HEADER, "refuse");
            assertEquals(List.of(), guard.outcomes(), "refused by the guard: the realm was not asked");

            app.logIn("wrong", "a-token");
            assertEquals(List.of(false), guard.outcomes(1));

            app.logIn(LoginApp.PASSWORD, "a-token");
            assertEquals(List.of(false, true), guard.outcomes(2));
            assertEquals(2, app.realm.calls());
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
    void theValveAnnouncesThatItReportsOutcomes() throws Exception {
        PlaytchaLoginValve valve = new PlaytchaLoginValve();
        try (LoginApp app = LoginApp.start(base, null, valve)) {
            assertEquals(Boolean.TRUE, app.servletContext().getAttribute(LoginProtocol.OUTCOMES));
            app.context.getPipeline().removeValve(valve);
            assertNull(app.servletContext().getAttribute(LoginProtocol.OUTCOMES));
        }
    }

    @Test
    void withoutAGuard_theLoginWorksAsWithoutTheValve() throws Exception {
        try (LoginApp app = LoginApp.start(base, null, new PlaytchaLoginValve())) {
            Reply wrong = app.logIn("wrong", "a-token");
            assertEquals("login error page", wrong.body(), wrong::toString);

            Reply right = app.logIn(LoginApp.PASSWORD, "a-token");
            assertEquals(303, right.status(), right::toString);
            assertEquals("user=alice", app.whoAmI());
            assertEquals(2, app.realm.calls());
        }
    }

    @Test
    void theValveAnnouncesTomcat_beforeTheApplicationsInitializersRun() throws Exception {
        try (LoginApp app = LoginApp.start(base, null, new PlaytchaLoginValve())) {
            assertEquals("tomcat", app.hookAtStartup());
            assertEquals("hook=tomcat", app.get("hook").body());
        }
    }

    @Test
    void withoutTheValve_nothingIsAnnounced_andTheGuardIsNeverCalled() throws Exception {
        StubGuard guard = new StubGuard();
        try (LoginApp app = LoginApp.start(base, guard)) {
            assertNull(app.hookAtStartup());
            assertEquals(303, app.logIn(LoginApp.PASSWORD, "a-token", StubGuard.HEADER, "refuse").status());
            assertEquals(List.of(), guard.calls(), "the control case: Tomcat alone never lets a filter see the post");
        }
    }

    @Test
    void removingTheValve_withdrawsTheAnnouncement() throws Exception {
        PlaytchaLoginValve valve = new PlaytchaLoginValve();
        try (LoginApp app = LoginApp.start(base, null, valve)) {
            app.context.getPipeline().removeValve(valve);

            assertNull(app.servletContext().getAttribute(LoginProtocol.HOOK));
        }
    }

    @Test
    void theGuardGets_theApplicationsRequestAndResponse_theFormErrorPage_andTheApplicationsClassLoader() throws Exception {
        StubGuard guard = new StubGuard();
        try (LoginApp app = LoginApp.start(base, guard, new PlaytchaLoginValve())) {
            app.logIn(LoginApp.PASSWORD, "a-token");

            StubGuard.Call call = guard.calls().get(0);
            assertEquals("/app/j_security_check", call.uri());
            // The facades the application's filters get, not Tomcat's connector objects.
            assertInstanceOf(HttpServletRequest.class, call.request());
            assertFalse(call.request() instanceof org.apache.catalina.connector.Request, call.request().getClass().getName());
            assertInstanceOf(HttpServletResponse.class, call.response());
            assertFalse(call.response() instanceof org.apache.catalina.connector.Response, call.response().getClass().getName());
            assertEquals("/login-error", call.errorPage());
            assertTrue(call.applicationClassLoader(), "the thread's context class loader is the application's");
        }
    }

    @Test
    void aGuardsForward_showsTheFormErrorPage_withTheGuardsStatus() throws Exception {
        try (LoginApp app = LoginApp.start(base, new StubGuard(), new PlaytchaLoginValve())) {
            Reply post = app.logIn(LoginApp.PASSWORD, "a-token", StubGuard.HEADER, "forward");

            assertEquals(403, post.status(), post::toString);
            assertEquals("login error page", post.body());
            assertEquals(0, app.realm.calls());
        }
    }

    @Test
    void aGuardsException_isAnsweredAsAFailingFilters_andTheRealmIsNotAsked() throws Exception {
        try (LoginApp app = LoginApp.start(base, new StubGuard(), new PlaytchaLoginValve())) {
            Reply post = app.logIn(LoginApp.PASSWORD, "a-token", StubGuard.HEADER, "throw");

            assertEquals(500, post.status(), post::toString);
            assertEquals(0, app.realm.calls());
            assertEquals("login page", app.whoAmI());
        }
    }

    @Test
    void somethingElseThanAFilter_inTheGuardAttribute_refusesThePost() throws Exception {
        try (LoginApp app = LoginApp.start(base, null, new PlaytchaLoginValve())) {
            app.servletContext().setAttribute(LoginProtocol.GUARD, "not a filter");

            Reply post = app.logIn(LoginApp.PASSWORD, "a-token");

            assertEquals(500, post.status(), post::toString);
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
                    "playtcha-token", "a-token")), "Content-Type", contentType, StubGuard.HEADER, "read-then-go");

            assertEquals(List.of(user), app.realm.checkedNames());
            assertEquals(303, post.status(), post::toString);
            assertEquals("user=" + user, app.whoAmI());
        }
    }

    /** The one list of login posts (the library's login-posts.txt): its path, guard, tomcat, jetty and payara columns. */
    static List<String[]> loginPosts() throws Exception {
        return Files.readAllLines(Path.of("../playtcha-jakarta/src/test/resources/login-posts.txt")).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#")).map(line -> line.trim().split("\\s+")).toList();
    }

    @Test
    void exactlyWhatTheListSays_isHandedOver() throws Exception {
        StubGuard guard = new StubGuard();
        try (LoginApp app = LoginApp.start(base, guard, new PlaytchaLoginValve())) {
            for (String[] row : loginPosts()) {
                Reply reply = app.post(row[0].substring(1), "playtcha-token=t", StubGuard.HEADER, "refuse");
                assertEquals(row[2].equals("guard"), reply.body().equals(StubGuard.REFUSAL), () -> row[0] + ": " + reply);
            }
            Reply get = app.get("j_security_check", StubGuard.HEADER, "refuse");
            assertEquals(StubGuard.REFUSAL, get.body(), "any method: Tomcat's authenticator takes any");
            assertEquals(0, app.realm.calls());
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
