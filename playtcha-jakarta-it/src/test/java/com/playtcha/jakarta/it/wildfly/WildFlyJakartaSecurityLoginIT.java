package com.playtcha.jakarta.it.wildfly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.it.Http;
import com.playtcha.jakarta.it.JakartaSecurityLoginScenario;
import com.playtcha.jakarta.it.wildfly.login.RealmAudit;
import com.playtcha.jakarta.it.wildfly.login.SecuritySettings;
import java.net.http.HttpResponse;
import org.jboss.as.arquillian.api.ServerSetup;
import org.junit.jupiter.api.Test;

/**
 * {@link JakartaSecurityLoginScenario} in a real WildFly 39 (Soteria on Elytron), managed by
 * Arquillian. The identities come from the application's own identity store, not from an Elytron
 * realm: as WildFly's documentation asks for that, the default application security domain
 * ({@code other}) has {@code integrated-jaspi=false} ({@link SecuritySettings}).
 */
@ServerSetup(SecuritySettings.class)
class WildFlyJakartaSecurityLoginIT extends JakartaSecurityLoginScenario {

    /**
     * Issue 49's noise: a refused JSON login logged {@code UT005023 ... Response already commited} with a
     * stack trace, Undertow's security layer calling {@code sendError} on the refusal the guard had
     * committed. The body read to its end comes after anything the request logged.
     */
    @Test
    void aRefusedJsonLogin_isAnsweredOnce_andTheServerLogsNoError() throws Exception {
        int logged = RealmAudit.serverLog(0).length();

        HttpResponse<String> refused = post(ownMechanism, "/api/login", credentials("alice", "secret", null), Http.JSON);

        assertEquals(403, refused.statusCode(), refused::body);
        assertTrue(refused.body().contains("\"code\":\"missing_token\""), refused::body);
        String log = RealmAudit.serverLog(logged);
        assertFalse(log.contains("UT005023") || log.contains("already commited"), log);
    }
}
