package com.playtcha.jakarta.servlet.multipart;

import java.nio.charset.StandardCharsets;

/**
 * Finds the delimiter {@code --boundary} in a body fed to it one byte at a time, with
 * Knuth-Morris-Pratt: the position in the pattern falls back, the input never does, so each byte
 * costs a bounded number of comparisons whatever the boundary ({@code --aaaa...} included). What a
 * delimiter may stand next to is {@link MultipartScanner}'s to judge.
 */
final class DelimiterSearch {

    private static final int BOUNDARY_MAX = 70;

    private final byte[] dashBoundary;
    private final int[] fallback;
    private int matched;
    private long examined;

    /** @param dashBoundary {@code --} and the boundary, from {@link #dashBoundary(String)} */
    DelimiterSearch(byte[] dashBoundary) {
        this.dashBoundary = dashBoundary.clone();
        this.fallback = fallbackTable(this.dashBoundary);
    }

    /**
     * {@code --boundary} from a {@code Content-Type} of {@code multipart/form-data}, or {@code null}
     * when it is another type, has no boundary, has two, or has one that is not 1 to 70 of RFC 2046's
     * bchars (ending in a non-space).
     */
    static byte[] dashBoundary(String contentType) {
        HeaderParameters parsed = contentType == null ? null : HeaderParameters.parse(contentType, true);
        if (parsed == null || !parsed.value().equals("multipart/form-data")) {
            return null;
        }
        String boundary = parsed.parameters().get("boundary");
        if (boundary == null || boundary.isEmpty() || boundary.length() > BOUNDARY_MAX
                || boundary.endsWith(" ") || !boundary.chars().allMatch(DelimiterSearch::isBoundaryChar)) {
            return null;
        }
        return ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
    }

    private static boolean isBoundaryChar(int c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || "'()+_,-./:=? ".indexOf(c) >= 0;
    }

    /** Whether {@code b}, the next byte of the body, completes a delimiter. */
    boolean endsAt(byte b) {
        while (matched > 0 && dashBoundary[matched] != b) {
            examined++;
            matched = fallback[matched - 1];
        }
        examined++;
        if (dashBoundary[matched] == b) {
            matched++;
        }
        if (matched == dashBoundary.length) {
            matched = fallback[matched - 1];
            return true;
        }
        return false;
    }

    /** The delimiter just found is taken: no later match may overlap it. */
    void taken() {
        matched = 0;
    }

    /** Whether {@code b}, at {@code at} in the body, is where a delimiter starting the body has it. */
    boolean opensBodyWith(int at, byte b) {
        return at < dashBoundary.length && b == dashBoundary[at];
    }

    /** The delimiter's length in bytes. */
    int length() {
        return dashBoundary.length;
    }

    /** Bytes compared so far. */
    long examined() {
        return examined;
    }

    /** For each prefix of {@code pattern}, the length of its longest proper prefix that is also its suffix. */
    private static int[] fallbackTable(byte[] pattern) {
        int[] table = new int[pattern.length];
        for (int i = 1, k = 0; i < pattern.length; i++) {
            while (k > 0 && pattern[i] != pattern[k]) {
                k = table[k - 1];
            }
            if (pattern[i] == pattern[k]) {
                k++;
            }
            table[i] = k;
        }
        return table;
    }
}
