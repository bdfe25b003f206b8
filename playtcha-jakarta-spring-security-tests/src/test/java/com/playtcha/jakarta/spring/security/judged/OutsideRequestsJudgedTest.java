package com.playtcha.jakarta.spring.security.judged;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.playtcha.jakarta.spring.testkit.Browser;
import com.playtcha.jakarta.spring.testkit.SpringSimulator;
import com.playtcha.jakarta.spring.testkit.WithSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Issue 84, item 3: under {@code playtcha.login.require=always} with {@code playtcha.login.outside-requests=true}, a
 * check with no request bound to its thread ({@code CompletableFuture.supplyAsync} around the provider bean) goes on
 * without a token, counted on its account: at the account's limit it is refused, as no request can carry a token.
 * Failed on 49c308dd: admitted and counted nothing, 10 of 10 guesses judged.
 */
@WithSimulator
@SpringBootTest(classes = JudgedApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"playtcha.login.require=always", "playtcha.login.outside-requests=true"})
class OutsideRequestsJudgedTest {

    private static final PlaytchaSimulator PLAYTCHA = SpringSimulator.simulator();

    @Value("${local.server.port}")
    int port;

    @Test
    void aCheckWithNoRequest_isCountedOnItsAccount_andRefusedAtItsLimit() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertEquals("caller=mia", new Browser(port).login("/api/async", "mia", "secret", null).body(), "a right password gives back");
        }
        for (int i = 1; i <= 3; i++) {
            assertEquals("BadCredentialsException", new Browser(port).login("/api/async", "mia", "guess" + i, null).body());
        }
        int lookups = JudgedApplication.LOOKUPS.get();
        for (int i = 0; i < 10; i++) {
            assertEquals("PlaytchaLoginException", new Browser(port).login("/api/async", "mia", i == 9 ? "secret" : "guess", null).body());
        }
        assertEquals(lookups, JudgedApplication.LOOKUPS.get(), "nothing judged at the limit");
        assertEquals("caller=nina", new Browser(port).login("/api/async", "nina", "secret", null).body(), "another account goes on");
        assertEquals(0, PLAYTCHA.callCount());
    }
}
