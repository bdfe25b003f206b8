package com.playtcha.jakarta.payara;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The valve's side of the protocol, against the library's: which request URIs the valve hands to the
 * guard (the one list login-posts.txt). What the valve does in Payara is {@code PayaraLoginIT}'s (module
 * playtcha-jakarta-it-liberty-payara): it needs Payara's own request and pipeline.
 */
class PlaytchaLoginValveTest {

    /** The one list of login posts (the library's login-posts.txt): its path, guard, tomcat, jetty and payara columns. */
    static List<String[]> loginPosts() throws Exception {
        return Files.readAllLines(Path.of("../playtcha-jakarta/src/test/resources/login-posts.txt")).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#")).map(line -> line.trim().split("\\s+")).toList();
    }

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
        for (String[] row : loginPosts()) {
            String uri = "/app" + row[0];
            assertEquals(words.get(row[4]), PlaytchaLoginValve.handling(decodedAsPayaraDoes(uri), uri), row[0]);
        }
        assertEquals(PlaytchaLoginValve.Handling.PASS, PlaytchaLoginValve.handling(null, null));
    }

    @Test
    void aVirtualServer_isGuarded_onceTheValveWasAddedToIt() {
        assertFalse(PlaytchaLoginValve.installedOn("no-such-virtual-server"));
        assertFalse(PlaytchaLoginValve.installedOn(null));
    }
}
