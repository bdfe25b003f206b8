package com.playtcha.jakarta.spi.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
    void withoutAColon_anythingButAnIpv4Literal_isItsOwnKey_itsText(String address) {
        assertEquals(address, AddressKey.of(address));
        assertNotEquals(AddressKey.of(address), AddressKey.of(address + "x"), "another text, another budget");
    }

    @Test
    void textUpToTheLimit_isItsOwnKey_andLongerTextSharesOne_soItCannotGrowTheTable() {
        // What Undertow's or Jetty's forwarded-header support may hand over from a client's X-Forwarded-For.
        String longest = "x".repeat(AddressKey.MAX_TEXT);
        assertSame(longest, AddressKey.of(longest));
        assertSame(AddressKey.TOO_LONG, AddressKey.of(longest + "y"));
        assertSame(AddressKey.TOO_LONG, AddressKey.of("x".repeat(8192)));
        assertSame(AddressKey.TOO_LONG, AddressKey.of("2001:db8::1, " + "x".repeat(AddressKey.MAX_TEXT)));
        assertEquals("2001:db8::1, 203.0.113.9", AddressKey.of("2001:db8::1, 203.0.113.9"));
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
            ::1:0:0:0                                | 0
            ::1:c000:201                             | 0
            fe80::1%eth0                             | fe80000000000000
            64:ff9b::1:192.0.2.1                     | 0064ff9b00000000
            64:ff9b:1::192.0.2.1                     | 0064ff9b00010000
            1:2:3:4:5:6:7:8                          | 0001000200030004
            ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff  | ffffffffffffffff
            """)
    void ipv6_isKeyedByItsSlash64(String address, String prefix) {
        assertEquals(new AddressKey.Prefix(Long.parseUnsignedLong(prefix, 16), 64), AddressKey.of(address));
    }

    @Test
    void aSlash64_widensToItsSlash56AndSlash48() {
        AddressKey.Prefix own = (AddressKey.Prefix) AddressKey.of("2001:db8:1:2a3::1");

        assertEquals(new AddressKey.Prefix(0x20010db8000102a3L, 64), own);
        assertEquals(new AddressKey.Prefix(0x20010db800010200L, 56), own.widen(56));
        assertEquals(new AddressKey.Prefix(0x20010db800010000L, 48), own.widen(48));
        assertEquals(own.widen(48), ((AddressKey.Prefix) AddressKey.of("2001:db8:1:ffff::1")).widen(48));
        assertNotEquals(own.widen(56), ((AddressKey.Prefix) AddressKey.of("2001:db8:1:1ff::1")).widen(56));
        assertNotEquals(new AddressKey.Prefix(0x20010db800010200L, 64), own.widen(56), "a /56 is not the /64 that starts it");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"::ffff:192.0.2.1", "::FFFF:192.0.2.1", "::ffff:c000:201", "0:0:0:0:0:ffff:c000:0201",
            "[::ffff:192.0.2.1]", "0000:0000:0000:0000:0000:FFFF:192.0.2.1", "::ffff:192.0.2.1%eth0",
            "::ffff:0:192.0.2.1", "::ffff:0:c000:201", "::192.0.2.1", "::c000:201", "64:ff9b::192.0.2.1", "64:FF9B::c000:201"})
    void ipv6CarryingAnIpv4Client_isTheIpv4AddressAsTheContainerWritesIt(String address) {
        assertEquals("192.0.2.1", AddressKey.of(address));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"2001:db8::1::2", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "1:2:3:4::5:6:7:8", "12345::1",
            "g::1", ":1::", ":1:2:3:4:5:6:7:8", "1::2:", "1:2:3:4:5:6:7:8:", "1:::2", ":::", ":", "::ffff:192.0.2.256",
            "::ffff:192.0.2", "::ffff:192.0.2.1.5", "::ffff:01.2.3.4", "1.2.3.4::", "::1.2.3.4:5", "[::1", "::1]",
            "\uff12001:db8::1", "2001:db8::\u0661", "2001:db8:: 1", "2001:db8:1:2::1/64", "localhost:8080"})
    void unparsable_isItsOwnKey_itsText(String address) {
        assertEquals(address, AddressKey.of(address));
    }

    /** {@code ::/64} is no longer one key for every address in it: each IPv4 client that arrives in it has its own. */
    @Test
    void blockOf_isTheSlash48OfAnIpv6Address_theSlash24OfAnIpv4One_andTheKeyOfAnythingElse() {
        assertEquals(new AddressKey.Prefix(0x20010db800010000L, 48), AddressKey.blockOf("2001:db8:1:2a3::1"));
        assertEquals(AddressKey.blockOf("[2001:db8:1:ff00::9%eth0]"), AddressKey.blockOf("2001:db8:1:2a3::1"));
        assertNotEquals(AddressKey.blockOf("2001:db8:2::1"), AddressKey.blockOf("2001:db8:1::1"));
        assertEquals("192.0.2.0/24", AddressKey.blockOf("::ffff:192.0.2.1"), "an IPv4 client's /24");
        assertEquals(AddressKey.blockOf("192.0.2.255"), AddressKey.blockOf("192.0.2.1"));
        assertNotEquals(AddressKey.blockOf("192.0.3.1"), AddressKey.blockOf("192.0.2.1"));
        assertEquals("unix:/run/x.sock", AddressKey.blockOf("unix:/run/x.sock"), "other text is its own key");
        assertSame(AddressKey.TOO_LONG, AddressKey.blockOf("x".repeat(8192)));
    }

    @Test
    void slash64OfZeros_isNoSharedKey() {
        assertEquals("0.0.0.1", AddressKey.of("::1"), "IPv4-compatible, an address no IPv4 client has");
        assertEquals("0.0.0.0", AddressKey.of("::"));
        assertNotEquals(AddressKey.of("::192.0.2.1"), AddressKey.of("::192.0.2.2"));
        assertNotEquals(AddressKey.of("::ffff:0:192.0.2.1"), AddressKey.of("::ffff:0:192.0.2.2"));
        assertNotEquals(AddressKey.of("64:ff9b::192.0.2.1"), AddressKey.of("64:ff9b::192.0.2.2"));
    }

    /**
     * Colons by the thousand (a forwarding header a container believed): refused as text of its own, in
     * bounded work, not a StackOverflowError from the pattern that checks an IPv6 literal's characters.
     */
    @ParameterizedTest(name = "{0} colons")
    @ValueSource(ints = {46, 1_000, 8_192, 100_000})
    void aLongRunOfColons_isText_notAStackOverflow(int colons) {
        for (String address : new String[] {":".repeat(colons), ":".repeat(colons) + "g", "1" + ":1".repeat(colons)}) {
            Object expected = address.length() <= AddressKey.MAX_TEXT ? address : AddressKey.TOO_LONG;
            assertEquals(expected, AddressKey.of(address));
            assertEquals(expected, AddressKey.blockOf(address));
        }
    }
}
