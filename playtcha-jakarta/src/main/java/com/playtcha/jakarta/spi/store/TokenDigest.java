package com.playtcha.jakarta.spi.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SPI: what the verifier keeps and logs of a token instead of the token: the first 64 bits of its
 * SHA-256. Every log line of the library and of the cluster module names a token as
 * {@code token_sha256=<16 hex digits>} ({@link #hex}), so that an operator can follow one across them.
 * Why 64 bits: design/ledger.md.
 */
public final class TokenDigest {

    private TokenDigest() {
    }

    /** The first 64 bits of the SHA-256 of the token's characters (visible ASCII, so one byte each). */
    public static long of(String token) {
        byte[] sha;
        try {
            sha = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        return ByteBuffer.wrap(sha).getLong(); // its first 8 bytes, big-endian
    }

    /** {@link #of} as 16 lower-case hex digits: the start of {@code sha256sum}'s output for the token. */
    public static String hex(String token) {
        return String.format("%016x", of(token));
    }
}
