package com.playtcha.jakarta.spring.security.customized;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.playtcha.jakarta.spring.testkit.Browser;
import com.playtcha.jakarta.spring.testkit.SpringSimulator;
import com.playtcha.jakarta.spring.testkit.WithSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.core.SpringSecurityCoreVersion;

/**
 * Issue 70, item 1, under {@code playtcha.login.require=after-failures} (account limit 3): HTTP Basic switched on
 * where the guard's hook is not first, by a {@code Customizer<HttpSecurity>} bean (Spring Security 7 only) or a
 * spring.factories configurer, refuses an account at its limit before the store, on a chain given a manager by hand
 * and on one given a provider.
 */
@WithSimulator
@SpringBootTest(classes = CustomizedChainsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "playtcha.login.require=after-failures")
class AfterFailuresCustomizedChainsTest {

    private static final PlaytchaSimulator PLAYTCHA = SpringSimulator.simulator();

    @Value("${local.server.port}")
    int port;

    @BeforeEach
    void reset() {
    }

    /** Three tokenless failures at the form login, then ten tokenless HTTP Basic guesses at {@code path}, the last one right. */
    private void tenAtItsLimit(String path, String account) throws Exception {
        for (int i = 1; i <= 3; i++) {
            new Browser(port).formLogin("/login", account, "wrong" + i, null, false);
        }
        CustomizedChainsApplication.LOOKUPS.set(0);
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> basic = new Browser(port).basic(path, account, i == 9 ? "secret" : "guess" + i, null);
            assertEquals(401, basic.statusCode(), basic::toString);
            assertEquals("true", basic.headers().firstValue("Playtcha-Login-Needs-Token").orElse(null), basic::toString);
        }
        assertEquals(0, CustomizedChainsApplication.LOOKUPS.get(), "no guess reached the store");
    }

    /** Failed on 1cde289e: 10 of 10 reached the store, the right password logged in, nothing said at start. */
    @Test
    void aCustomizerBeansHttpBasic_onAChainGivenItsOwnManager_refusesAnAccountAtItsLimit() throws Exception {
        assumeTrue(SpringSecurityCoreVersion.getVersion().startsWith("7."), "Customizer<HttpSecurity> beans are Spring Security 7's");
        tenAtItsLimit("/own/whoami", "alice");
    }

    /** Failed on 1cde289e: 10 of 10, with a needs-token header after the store was asked. */
    @Test
    void aCustomizerBeansHttpBasic_onAChainGivenAProvider_refusesAnAccountAtItsLimit() throws Exception {
        assumeTrue(SpringSecurityCoreVersion.getVersion().startsWith("7."), "Customizer<HttpSecurity> beans are Spring Security 7's");
        tenAtItsLimit("/provider/whoami", "bob");
    }

    /** Failed on 1cde289e: 10 of 10, on both lines. */
    @Test
    void aSpringFactoriesConfigurersHttpBasic_onAChainGivenItsOwnManager_refusesAnAccountAtItsLimit() throws Exception {
        tenAtItsLimit("/factories/whoami", "carol");
    }
}
