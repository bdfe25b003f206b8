package com.playtcha.jakarta.internal.login;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.text.Normalizer;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What a login's account name is counted under ({@link com.playtcha.jakarta.spi.LoginFailures}): an HMAC-SHA256 of the name,
 * normalized, keyed with a key derived from the secret. Every node has the same secret, so every node
 * counts a name under the same hash; without the secret, a hash tells nothing of the name, and no
 * table of common names can be made to look one up. The name itself is never kept, logged or shown.
 *
 * <p>Normalized as a realm compares names, erring toward one count (NFKC, case folded both ways,
 * stripped at either end), so {@code Alice}, {@code ALICE} and {@code alice } are one account; with
 * {@code playtcha.login.account-names=exact} the name is hashed as sent. A name empty once normalized is
 * no account. Why: design/engine.md.
 */
public final class AccountKey {

    private static final String HMAC = "HmacSHA256";
    /** What the key is derived for, so that no other use of the secret yields the same key. */
    private static final byte[] PURPOSE = "playtcha login account v1".getBytes(StandardCharsets.US_ASCII);

    private final SecretKeySpec key;
    private final boolean fold;

    private AccountKey(SecretKeySpec key, boolean fold) {
        this.key = key;
        this.fold = fold;
    }

    /**
     * Names under the key of {@code secret}: HMAC-SHA256 of a fixed label under the secret.
     *
     * @param fold {@code true} for {@code playtcha.login.account-names=folded}; {@code false} for {@code exact}:
     *             names hashed as sent ({@code null} or empty is still no account)
     */
    public static AccountKey of(String secret, boolean fold) {
        return new AccountKey(new SecretKeySpec(mac(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), HMAC), PURPOSE), HMAC), fold);
    }

    /** The account's hash, 32 bytes, or {@code null} when {@code name} is {@code null} or empty once normalized. */
    public byte[] hash(String name) {
        String normalized = fold ? normalize(name) : name == null || name.isEmpty() ? null : name;
        return normalized == null ? null : mac(key, normalized.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The longest account name counted, in UTF-16 chars: a door that reads a longer one counts it as a
     * name it cannot read ({@code LoginPolicy.UNREADABLE}: a token is needed), without normalizing or
     * hashing it. No realm in common use takes longer names; a bound keeps an attacker's 2 MB name
     * from costing a normalization and a hash before any count is looked at.
     */
    public static final int MAX_NAME_LENGTH = 256;

    /** The name as counted: NFKC, case folded, stripped; {@code null} when nothing is left. */
    static String normalize(String name) {
        if (name == null) {
            return null;
        }
        String folded = foldCharWise(Normalizer.normalize(name, Normalizer.Form.NFKC));
        // Folded char-wise first, so whatever equalsIgnoreCase takes for one name is one string here;
        // then as whole strings, which merges more (ß and ss), and composed again.
        folded = Normalizer.normalize(folded.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT), Normalizer.Form.NFKC);
        folded = stripped(foldCharWise(folded));
        return folded.isEmpty() ? null : folded;
    }

    /** Each code point upper-cased, then lower-cased, alone: String.equalsIgnoreCase's rule. */
    private static String foldCharWise(String text) {
        StringBuilder folded = new StringBuilder(text.length());
        text.codePoints().forEach(c -> folded.appendCodePoint(Character.toLowerCase(Character.toUpperCase(c))));
        return folded.toString();
    }

    /** {@code text} without the characters trim() or strip() removes, at either end. */
    private static String stripped(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && blank(text.charAt(start))) {
            start++;
        }
        while (end > start && blank(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(start, end);
    }

    private static boolean blank(char c) {
        return c <= ' ' || Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    private static byte[] mac(SecretKeySpec key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has " + HMAC, e);
        }
    }

    @Override
    public String toString() {
        return "AccountKey[HMAC-SHA256, key not shown]";
    }
}
