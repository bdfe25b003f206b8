package com.playtcha.jakarta.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.servlet.PlaytchaFilter;
import com.playtcha.jakarta.servlet.PlaytchaInitializer;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import com.playtcha.jakarta.spi.door.DoorContract.Reply;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The valve with the real library behind it, end to end: the application brings what a WAR brings
 * (PlaytchaInitializer, a PlaytchaFilter mapped onto {@code /j_security_check}), the valve sits in
 * front of Tomcat's FormAuthenticator, and the tokens are checked by the simulator over loopback.
 */
@ExtendWith(PlaytchaSimulatorExtension.class)
class PlaytchaLoginValveLibraryTest {

    @TempDir
    Path base;

    @Test
    void theFormErrorPagesAttributes_keepTheirNames() {
        assertEquals(PlaytchaFilter.ERROR_CODE, "com.playtcha.error-code", "the form-error page's attribute");
        assertEquals(PlaytchaFilter.TOKEN_SPENT, "com.playtcha.token-spent", "the form-error page's attribute");
    }

    @Test
    void loginWithoutToken_isRefused403_onTheFormErrorPage_andTheRealmIsNeverAsked(PlaytchaSimulator playtcha)
            throws Exception {
        try (LoginApp app = LoginApp.startConfigured(base, library(playtcha), new PlaytchaLoginValve())) {
            Reply post = app.logIn(LoginApp.PASSWORD, null);

            assertEquals(403, post.status(), post::toString);
            assertTrue(post.body().startsWith("login error page"), post::toString);
            assertTrue(post.body().contains("com.playtcha.error-code=missing_token"), post::toString);
            assertEquals("false", post.headers().firstValue("Playtcha-Token-Spent").orElse(null), post::toString);
            assertFalse(LoginApp.setsSession(post), post::toString);
            assertEquals(0, app.realm.calls(), "the realm must not be asked");
            assertEquals("login page", app.whoAmI());
            assertEquals(0, playtcha.callCount());
        }
    }

    @Test
    void validToken_logsIn_andTheRealmIsAskedOnce(PlaytchaSimulator playtcha) throws Exception {
        try (LoginApp app = LoginApp.startConfigured(base, library(playtcha), new PlaytchaLoginValve())) {
            String token = playtcha.mintToken();

            Reply post = app.logIn(LoginApp.PASSWORD, token);

            assertEquals(303, post.status(), post::toString);
            assertEquals("user=alice", app.whoAmI());
            assertEquals(1, app.realm.calls());
            assertEquals(1, playtcha.callCount(token));
        }
    }

    @Test
    void replayedToken_isRefused_andTheRealmIsNotAskedAgain(PlaytchaSimulator playtcha) throws Exception {
        String token = playtcha.mintToken();
        try (LoginApp app = LoginApp.startConfigured(base, library(playtcha), new PlaytchaLoginValve())) {
            assertEquals(303, app.logIn(LoginApp.PASSWORD, token).status());
        }
        try (LoginApp app = LoginApp.startConfigured(base, library(playtcha), new PlaytchaLoginValve())) {
            Reply replay = app.logIn(LoginApp.PASSWORD, token);

            assertEquals(403, replay.status(), replay::toString);
            assertTrue(replay.body().contains("com.playtcha.error-code=already_redeemed"), replay::toString);
            assertEquals("true", replay.headers().firstValue("Playtcha-Token-Spent").orElse(null), replay::toString);
            assertEquals(0, app.realm.calls());
        }
    }

    /**
     * Tomcat's FormAuthenticator takes every post whose decoded path ends in {@code /j_security_check}
     * as the login (a form at {@code /account/login.jsp} with {@code action="j_security_check"} posts to
     * {@code /account/j_security_check}), and the valve hands each of them over. The guard must then
     * guard them all for a filter that names {@code /j_security_check}.
     */
    @ParameterizedTest
    @ValueSource(strings = {"account/j_security_check", "x/../j_security_check", "/j_security_check"})
    void everyPostTomcatTakesForTheLogin_isGuarded(String path, PlaytchaSimulator playtcha) throws Exception {
        try (LoginApp app = LoginApp.startConfigured(base, library(playtcha), new PlaytchaLoginValve())) {
            app.get("secure/whoami");

            Reply post = app.post(path, LoginApp.form(Map.of("j_username", LoginApp.USER, "j_password", LoginApp.PASSWORD)));

            assertEquals(403, post.status(), post::toString);
            assertEquals(0, app.realm.calls(), "posted without a token, the realm must not be asked");
            assertEquals("login page", app.whoAmI());
        }
    }

    /**
     * No servlet is mapped at the login post in this embedded Tomcat (no default servlet), where Tomcat's
     * {@code getPart} fails with a {@code NullPointerException} (it was answered 500 with a stack trace):
     * the guard reads the body itself and decides as for any other post. Tomcat reads no credentials
     * from such a body, so a valid token goes on to a login that fails.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aMultipartLogin_whereNoServletIsMapped_isDecided_notA500(boolean withToken, PlaytchaSimulator playtcha)
            throws Exception {
        try (LoginApp app = LoginApp.startConfigured(base, library(playtcha), new PlaytchaLoginValve())) {
            app.get("secure/whoami");
            String token = withToken ? playtcha.mintToken() : null;
            String boundary = "b0undary";
            StringBuilder body = new StringBuilder();
            Map<String, String> fields = new LinkedHashMap<>(Map.of("j_username", LoginApp.USER,
                    "j_password", LoginApp.PASSWORD));
            if (token != null) {
                fields.put("playtcha-token", token);
            }
            fields.forEach((name, value) -> body.append("--").append(boundary).append("\r\nContent-Disposition: form-data;"
                    + " name=\"").append(name).append("\"\r\n\r\n").append(value).append("\r\n"));
            body.append("--").append(boundary).append("--\r\n");

            Reply post = app.post("j_security_check", body.toString(), "Content-Type",
                    "multipart/form-data; boundary=" + boundary);

            assertEquals(withToken ? 200 : 403, post.status(), post::toString);
            assertTrue(post.body().startsWith("login error page"), post::toString);
            assertTrue(post.body().contains(withToken ? "com.playtcha.outcome=verified"
                    : "com.playtcha.error-code=missing_token"), post::toString);
            assertTrue(withToken || app.realm.calls() == 0, "the realm must not be asked without a token");
            assertEquals(withToken ? 1 : 0, playtcha.callCount());
            assertEquals("login page", app.whoAmI());
        }
    }

    @Test
    void withoutTheValve_theApplicationDoesNotStart_andSaysWhatToAdd(PlaytchaSimulator playtcha) throws Exception {
        List<String> logged = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(String.valueOf(record.getMessage()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger library = Logger.getLogger(PlaytchaInitializer.class.getName());
        library.addHandler(capture);
        try (LoginApp app = LoginApp.startConfigured(base, library(playtcha))) {
            assertFalse(app.context.getState() == LifecycleState.STARTED, "the application must not start");
            assertTrue(logged.stream().anyMatch(line -> line.contains("PlaytchaFilter 'login-guard'")
                    && line.contains("<Valve className=\"com.playtcha.jakarta.tomcat.PlaytchaLoginValve\"/>")
                    && line.contains("playtcha-jakarta-tomcat")), () -> "logged: " + logged);
        } finally {
            library.removeHandler(capture);
        }
    }

    /** What a WAR with the library brings: its initializer, and a PlaytchaFilter mapped onto the login post. */
    private static Consumer<Context> library(PlaytchaSimulator playtcha) {
        return context -> {
            FilterDef filter = new FilterDef();
            filter.setFilterName("login-guard");
            filter.setFilterClass(PlaytchaFilter.class.getName());
            filter.addInitParameter("api-url", playtcha.url().toString());
            filter.addInitParameter("secret", playtcha.secret());
            context.addFilterDef(filter);
            FilterMap mapping = new FilterMap();
            mapping.setFilterName("login-guard");
            mapping.addURLPattern("/j_security_check");
            context.addFilterMap(mapping);
            context.addServletContainerInitializer(new PlaytchaInitializer(), null);
        };
    }
}
