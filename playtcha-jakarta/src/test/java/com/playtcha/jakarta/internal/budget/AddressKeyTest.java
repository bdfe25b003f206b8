package com.playtcha.jakarta.internal.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Client addresses to budget keys, from the literal alone (no DNS). */
class AddressKeyTest {

    @ParameterizedTest
    @ValueSource(strings = {"192.0.2.1", "10.0.0.255", "0.0.0.0", "255.255.255.255"})
    void anIpv4Address_isItsOwnKey_notACopy(String address) {
        String own = new String(address); // a distinct instance: the key must be this one, not an equal copy

        assertSame(own, AddressKey.of(own));
    }

    @ParameterizedTest
    @ValueSource(strings = {"unknown", "", "host.example", "/run/app.sock", "010.0.0.1", "[192.0.2.1]", "192.0.2.256",
            "192.0.2", "192.0.2.1.5", "1.2.3.4 "})
    void withoutAColon_anythingButAnIpv4Literal_sharesTheOneOtherKey(String address) {
        assertSame(AddressKey.OTHER, AddressKey.of(address));
    }

    @Test
    void forgedAddressesOfAnyLength_shareOneKey_soTheyCannotGrowTheTableOrDodgeTheBudget() {
        // What Undertow's or Jetty's forwarded-header support may hand over from a client's X-Forwarded-For.
        assertSame(AddressKey.OTHER, AddressKey.of("x".repeat(8192)));
        assertSame(AddressKey.OTHER, AddressKey.of("forged-" + System.nanoTime()));
        assertSame(AddressKey.OTHER, AddressKey.of("2001:db8::1, 203.0.113.9"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            2001:db8:1:2::1                          | 20010db800010002
            2001:db8:1:2:ffff:ffff:ffff:ffff         | 20010db800010002
            2001:0DB8:0001:0002:0000:0000:0000:0001  | 20010db800010002
            2001:db8:1:2:0:0:0:1                     | 20010db800010002
            [2001:db8:1:2::1]                        | 20010db800010002
            2001:db8:1:2::1%eth0                     | 20010db800010002
            [2001:db8:1:2::1%25eth0]                 | 20010db800010002
            2001:db8:1:3::1                          | 20010db800010003
            2001:db8::                               | 20010db800000000
            2001:db8:1:2:3::                         | 20010db800010002
            ::1                                      | 0
            ::                                       | 0
            0:0:0:0:0:0:0:1                          | 0
            fe80::1%eth0                             | fe80000000000000
            64:ff9b::192.0.2.1                       | 0064ff9b00000000
            ::192.0.2.1                              | 0
            1:2:3:4:5:6:7:8                          | 0001000200030004
            ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff  | ffffffffffffffff
            """)
    void ipv6_isKeyedByItsSlash64(String address, String prefix) {
        assertEquals(Long.parseUnsignedLong(prefix, 16), AddressKey.of(address));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"::ffff:192.0.2.1", "::FFFF:192.0.2.1", "::ffff:c000:201", "0:0:0:0:0:ffff:c000:0201",
            "[::ffff:192.0.2.1]", "0000:0000:0000:0000:0000:FFFF:192.0.2.1", "::ffff:192.0.2.1%eth0"})
    void ipv4MappedIpv6_isTheIpv4AddressAsTheContainerWritesIt(String address) {
        assertEquals("192.0.2.1", AddressKey.of(address));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"2001:db8::1::2", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "1:2:3:4::5:6:7:8", "12345::1",
            "g::1", ":1::", ":1:2:3:4:5:6:7:8", "1::2:", "1:2:3:4:5:6:7:8:", "1:::2", ":::", ":", "::ffff:192.0.2.256",
            "::ffff:192.0.2", "::ffff:192.0.2.1.5", "::ffff:01.2.3.4", "1.2.3.4::", "::1.2.3.4:5", "[::1", "::1]",
            "\uff12001:db8::1", "2001:db8::\u0661", "2001:db8:: 1", "2001:db8:1:2::1/64", "localhost:8080"})
    void unparsable_sharesTheOneOtherKey(String address) {
        assertSame(AddressKey.OTHER, AddressKey.of(address));
    }

    @Test
    void loopbackIpv6_isNotAnIpv4Address() {
        assertEquals(0L, AddressKey.of("::1"));
        assertEquals(0L, AddressKey.of("::0.0.0.1"), "IPv4-compatible (deprecated) is IPv6 in ::/64, not 0.0.0.1");
    }
}
