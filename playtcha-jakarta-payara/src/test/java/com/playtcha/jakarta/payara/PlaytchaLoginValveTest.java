package com.playtcha.jakarta.payara;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.playtcha.jakarta.spi.door.LoginPosts;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The valve's side of the protocol, against the library's: which request URIs the valve hands to the
 * guard, its column of the door contract's one list ({@link LoginPosts}). The rest of the door contract
 * needs Payara's own request and pipeline: {@code PayaraLoginIT}'s (module playtcha-jakarta-it-liberty-payara).
 */
class PlaytchaLoginValveTest {

    /**
     * Payara's decoded request URI as its connector makes it (the Payara ITs run the real one): path
     * parameters removed, then percent-escapes decoded.
     */
    private static String decodedAsPayaraDoes(String requestUri) {
        return URLDecoder.decode(requestUri.replaceAll(";[^/]*", "").replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    @Test
    void exactlyWhatTheListSays_isHandedOver_orRefused() throws Exception {
        Map<String, PlaytchaLoginValve.Handling> words = Map.of("guard", PlaytchaLoginValve.Handling.GUARD,
                "403", PlaytchaLoginValve.Handling.REFUSE, "-", PlaytchaLoginValve.Handling.PASS);
        for (LoginPosts.Row row : LoginPosts.column("payara")) {
            String uri = "/app" + row.path();
            assertEquals(words.get(row.says()), PlaytchaLoginValve.handling(decodedAsPayaraDoes(uri), uri), row.path());
        }
        assertEquals(PlaytchaLoginValve.Handling.PASS, PlaytchaLoginValve.handling(null, null));
    }

    @Test
    void payara_takesADecodedUriEndingInTheAction() {
        assertEquals(PlaytchaLoginValve.Handling.GUARD, PlaytchaLoginValve.handling("/app/j_security_check", "/app/j_security_check"));
        assertEquals(PlaytchaLoginValve.Handling.PASS, PlaytchaLoginValve.handling("/app/j_security_check;x", "/app/j_security_check;x"));
        assertEquals(PlaytchaLoginValve.Handling.PASS, PlaytchaLoginValve.handling("/app/j_security_check/", "/app/j_security_check/"));
    }

    @Test
    void aVirtualServer_isGuarded_onceTheValveWasAddedToIt() {
        assertFalse(PlaytchaLoginValve.installedOn("no-such-virtual-server"));
        assertFalse(PlaytchaLoginValve.installedOn(null));
    }
}
