package com.playtcha.jakarta.spi.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A token's digest is the first 64 bits of its SHA-256, as {@code sha256sum} starts its output. */
class TokenDigestTest {

    @Test
    void theDigest_isTheStartOfTheSha256() {
        // printf abc | sha256sum: ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
        assertEquals(0xba7816bf8f01cfeaL, TokenDigest.of("abc"));
        assertEquals("ba7816bf8f01cfea", TokenDigest.hex("abc"));
        // a first byte with its top bit set, so a sign mistake would show
        assertEquals("ca978112ca1bbdca", TokenDigest.hex("a"));
    }
}
