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
 * Issue 70, item 1, under {@code playtcha.login.require=always}: HTTP Basic switched on by a
 * {@code Customizer<HttpSecurity>} bean (Spring Security 7 only) or a spring.factories configurer needs a token on
 * every chain, and the right password with one logs in.
 */
@WithSimulator
@SpringBootTest(classes = CustomizedChainsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "playtcha.login.require=always")
class AlwaysCustomizedChainsTest {

    private static final PlaytchaSimulator PLAYTCHA = SpringSimulator.simulator();

    @Value("${local.server.port}")
    int port;

    @BeforeEach
    void reset() {
        CustomizedChainsApplication.LOOKUPS.set(0);
    }

    /** Ten tokenless HTTP Basic guesses at {@code path}, the last one right, then the right one with a token. */
    private void tenNeedAToken(String path) throws Exception {
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> basic = new Browser(port).basic(path, "alice", i == 9 ? "secret" : "guess" + i, null);
            assertEquals(401, basic.statusCode(), basic::toString);
        }
        assertEquals(0, CustomizedChainsApplication.LOOKUPS.get(), "no guess reached the store");
        assertEquals("caller=alice", new Browser(port).basic(path, "alice", "secret", PLAYTCHA.mintToken()).body());
    }

    /** Failed on 1cde289e: 10 of 10 reached the store, the right password logged in. */
    @Test
    void aCustomizerBeansHttpBasic_onAChainGivenItsOwnManager_needsAToken() throws Exception {
        assumeTrue(SpringSecurityCoreVersion.getVersion().startsWith("7."), "Customizer<HttpSecurity> beans are Spring Security 7's");
        tenNeedAToken("/own/whoami");
    }

    /** Failed on 1cde289e: 10 of 10. */
    @Test
    void aCustomizerBeansHttpBasic_onAChainGivenAProvider_needsAToken() throws Exception {
        assumeTrue(SpringSecurityCoreVersion.getVersion().startsWith("7."), "Customizer<HttpSecurity> beans are Spring Security 7's");
        tenNeedAToken("/provider/whoami");
    }

    /** Failed on 1cde289e: 10 of 10, on both lines. */
    @Test
    void aSpringFactoriesConfigurersHttpBasic_onAChainGivenItsOwnManager_needsAToken() throws Exception {
        tenNeedAToken("/factories/whoami");
    }
}
