package com.playtcha.jakarta.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link BoundedDnsResolver#isIpLiteral}, scanned by hand since every non-blocking post asks it, answers what the
 * pattern it replaced answered (a colon, or {@code \d{1,3}(\.\d{1,3}){3}}) for dotted quads, names that only look
 * like them, and IPv6 literals: a name taken for a literal would never be looked up, a literal taken for a name
 * would wait for a lookup it does not need.
 */
class IpLiteralTest {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "0.0.0.0", "255.255.255.255", "999.1.22.333", "1.2.3.4", "::1", "[::1]", "fe80::1%eth0",
        "api.playtcha.com", "localhost", "", ".", "1.2.3", "1.2.3.4.5", "1.2.3.", ".1.2.3", "1..2.3", "1.2.3.4444", "1234.1.1.1",
        "1.2.3.a", "a.1.2.3", "1.2.3.4 ", " 1.2.3.4", "1.2.3.4.", "\u0661.2.3.4", "1-2.3.4", "10.0.0.1x", "12.34.56.789",
        "0x7f.0.0.1", "1.2.3.4/8"})
    void answersWhatThePatternAnswered(String host) {
        boolean pattern = host.indexOf(':') >= 0 || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");

        assertEquals(pattern, BoundedDnsResolver.isIpLiteral(host), host);
    }
}
