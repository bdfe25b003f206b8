package com.playtcha.jakarta.servlet.multipart;

import java.io.InputStream;
import java.util.Random;

/** A stream that answers each read with 1 to 3 bytes, as a client that writes a few bytes at a time. */
public final class Dribble extends InputStream {
    private final byte[] body;
    private final Random random;
    private int at;

    /** {@code body} in reads of a size {@code seed} decides. */
    public Dribble(byte[] body, long seed) {
        this.body = body;
        this.random = new Random(seed);
    }

    @Override
    public int read() {
        return at < body.length ? body[at++] & 0xff : -1;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        if (at >= body.length) {
            return -1;
        }
        int n = Math.min(Math.min(length, body.length - at), 1 + random.nextInt(3));
        System.arraycopy(body, at, buffer, offset, n);
        at += n;
        return n;
    }
}
