package com.playtcha.jakarta.undertow;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Forgetting this jar is safe and loud: in a real Undertow whose application maps a
 * {@code PlaytchaFilter} onto {@code /j_security_check} and whose class loader does not hold the door,
 * the application fails to deploy, and the failure names playtcha-jakarta-undertow and how to add it.
 * (With the door on the same class loader, {@link PlaytchaLoginExtensionLibraryTest} deploys the same
 * application.)
 */
class LoginDoorMissingTest {

    @RegisterExtension
    static final PlaytchaSimulatorExtension PLAYTCHA = new PlaytchaSimulatorExtension();

    @Test
    void filterOnTheLoginPost_withoutTheDoor_failsTheDeployment_namingTheJarToAdd() {
        Map<String, String> settings = Map.of("api-url", PLAYTCHA.simulator().url().toString(),
                "secret", PLAYTCHA.simulator().secret());
        Exception failure = assertThrows(Exception.class, () -> FormLoginUndertow.withPlaytchaFilterAndNoDoor(settings).close(),
                "deployed without playtcha-jakarta-undertow in WEB-INF/lib");

        String trace = stackTrace(failure);
        assertTrue(trace.contains("PlaytchaFilter 'playtcha' is mapped onto the login post (/j_security_check), but Undertow"),
                trace);
        assertTrue(trace.contains("Add: the playtcha-jakarta-undertow jar to the application's WEB-INF/lib, next to "
                + "playtcha-jakarta (the Maven dependency com.playtcha:playtcha-jakarta-undertow)"), trace);
    }

    @Test
    void afterFailures_withoutTheDoor_failsTheDeployment_too() {
        Map<String, String> settings = Map.of("api-url", PLAYTCHA.simulator().url().toString(),
                "secret", PLAYTCHA.simulator().secret(), "login.require", "after-failures");
        Exception failure = assertThrows(Exception.class, () -> FormLoginUndertow.withPlaytchaFilterAndNoDoor(settings).close(),
                "deployed without the door");
        assertTrue(stackTrace(failure).contains("com.playtcha:playtcha-jakarta-undertow"), () -> stackTrace(failure));
    }

    private static String stackTrace(Throwable failure) {
        StringWriter out = new StringWriter();
        failure.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
