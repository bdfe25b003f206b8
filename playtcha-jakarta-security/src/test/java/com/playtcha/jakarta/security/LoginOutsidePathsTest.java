package com.playtcha.jakarta.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.LogCapture;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A guard whose {@code paths} miss a path at which the mechanism logs callers in fails closed: the login
 * is refused (a 403 with the code {@code login_not_guarded}) and a WARNING, at most one a minute, names
 * the path and {@code @PlaytchaLogin(paths)}; an {@code exemptPaths} path and a request that has a caller
 * already (a session) log in as before.
 */
class LoginOutsidePathsTest {

    @RegisterExtension
    final LogCapture log = new LogCapture();

    @RegisterExtension
    static final GuardedMechanism APP = GuardedMechanism.serving(AnyPathMechanism.class);

    private final PlaytchaSimulator sim = APP.sim();

    private HttpResponse<String> post(String path, String form, String session) throws Exception {
        return APP.post(path, form, "Accept", "application/json", SecurityRuntime.SESSION, session);
    }

    private List<String> warnings() {
        return log.lines(Level.WARNING).stream().filter(line -> line.contains("@PlaytchaLogin")).toList();
    }

    @Test
    void aLoginOutsidePaths_isRefused_andAWarningNamesThePathAndTheSetting_onceAMinute() throws Exception {
        HttpResponse<String> refused = post("/login/x", "user=alice", null);
        HttpResponse<String> again = post("/login/y", "user=alice", null);

        assertEquals(403, refused.statusCode(), refused::body);
        assertTrue(refused.body().startsWith("{\"error\":{\"code\":\"login_not_guarded\""), refused.body());
        assertEquals(403, again.statusCode(), again::body);
        List<String> warnings = warnings();
        assertEquals(1, warnings.size(), warnings::toString);
        assertTrue(warnings.get(0).contains("uri=/app/login/x"), warnings.get(0));
        assertTrue(warnings.get(0).contains("@PlaytchaLogin(paths)"), warnings.get(0));
        assertTrue(warnings.get(0).contains("AnyPathMechanism"), warnings.get(0));
    }

    @Test
    void aLoginAtAPathOfPaths_isStillDecidedByPlaytcha() throws Exception {
        HttpResponse<String> tokenless = post("/login", "user=alice", null);
        HttpResponse<String> withToken = post("/login", "user=alice&playtcha-token=" + sim.mintToken(), null);

        assertEquals(403, tokenless.statusCode(), tokenless::body);
        assertTrue(tokenless.body().contains("\"missing_token\""), tokenless.body());
        assertEquals("status=SUCCESS caller=alice outcome=verified spent=true", withToken.body());
        assertEquals(List.of(), warnings());
    }

    @Test
    void anExemptPath_logsInWithoutAToken() throws Exception {
        HttpResponse<String> api = post("/api/orders", "user=service", null);

        assertEquals("status=SUCCESS caller=service outcome=null spent=null", api.body());
        assertEquals(List.of(), warnings());
    }

    @Test
    void aRequestThatHasACallerAlready_goesOn() throws Exception {
        HttpResponse<String> session = post("/orders", "item=1", "alice");

        assertEquals(200, session.statusCode(), session::body);
        assertTrue(session.body().startsWith("status=SUCCESS"), session.body());
        assertEquals(List.of(), warnings());
    }

    @Test
    void aRequestThatHasACaller_loggingInSomeoneElse_isRefused() throws Exception {
        HttpResponse<String> switched = post("/orders", "user=alice", "mallory");

        assertEquals(403, switched.statusCode(), switched::body);
        assertTrue(switched.body().contains("\"login_not_guarded\""), switched.body());
    }

    @Test
    void aCallThatLogsNoOneIn_goesOnUntouched() throws Exception {
        HttpResponse<String> page = post("/orders", "item=1", null);

        assertEquals("status=NOT_DONE caller=null outcome=null spent=null", page.body());
    }
}
