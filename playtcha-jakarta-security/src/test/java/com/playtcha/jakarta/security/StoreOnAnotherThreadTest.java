package com.playtcha.jakarta.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 63, item 8: a guarded mechanism that has the store check a password on another thread
 * ({@code CompletableFuture.supplyAsync}, bound to no request) does not get a free guess: the check is
 * counted on its account and refused at its limit, under {@code playtcha.login.require=after-failures}. Each
 * test failed on a8f221eb: every guess reached the store uncounted, and a right one showed as
 * {@code login_not_guarded}.
 */
class StoreOnAnotherThreadTest {

    @RegisterExtension
    static final GuardedMechanism APP = GuardedMechanism.serving(StoreLoginMechanism.class, CountingStore.class)
            .settings("playtcha.connect-timeout", "2s",
                    "playtcha.login.require", "after-failures")
            .withSyntheticStoreHandler();

    @BeforeEach
    void countFromZero() {
        CountingStore.VALIDATIONS.set(0);
    }

    private HttpResponse<String> post(String path, String form) throws Exception {
        return APP.post(path, form, "Accept", "application/json");
    }

    /** Bob at his limit (three failures at {@code /login}): his guesses on another thread never reach the store. */
    @Test
    void aCheckOnAnotherThread_ofAnAccountAtItsLimit_neverReachesTheStore() throws Exception {
        for (int i = 1; i <= 3; i++) {
            assertEquals(401, post("/login", "user=bob&password=wrong" + i).statusCode());
        }

        for (int i = 0; i < 5; i++) {
            assertEquals(401, post("/login/x?async", "user=bob&password=guess" + i).statusCode());
        }
        HttpResponse<String> right = post("/login/x?async", "user=bob&password=secret");

        assertEquals(401, right.statusCode(), right::body);
        assertTrue(!right.body().contains("login_not_guarded"), right::body);
        assertEquals(3, CountingStore.VALIDATIONS.get(), "no guess on another thread reached the store");
    }

    /** A fresh account's checks on another thread are counted on it: after three, not even the right password is tried. */
    @Test
    void checksOnAnotherThread_areCountedOnTheirAccount() throws Exception {
        for (int i = 1; i <= 3; i++) {
            assertEquals(401, post("/login/x?async", "user=dave&password=wrong" + i).statusCode());
        }
        assertEquals(3, CountingStore.VALIDATIONS.get());

        HttpResponse<String> right = post("/login/x?async", "user=dave&password=secret");

        assertEquals(401, right.statusCode(), right::body);
        assertEquals(3, CountingStore.VALIDATIONS.get(), "the fourth check was refused before the store");
    }
}
