package com.playtcha.jakarta.internal.budget;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.text.Normalizer;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What a login's account name is counted under ({@link LoginFailures}): an HMAC-SHA256 of the name,
 * normalized, keyed with a key derived from the secret. Every node has the same secret, so every node
 * counts a name under the same hash; without the secret, a hash tells nothing of the name, and no
 * table of common names can be made to look one up. The name itself is never kept, logged or shown.
 *
 * <p>Normalized as a realm compares names, erring toward one count: Unicode NFKC (full-width and
 * composed forms are their plain selves), surrounding whitespace stripped, case folded with
 * {@link Locale#ROOT} ({@code Alice}, {@code ALICE} and {@code alice} are one account). A realm that
 * tells case apart sees two accounts where this sees one: their failures add up, which asks one of
 * them for a token sooner, never locks anyone out, while an attacker cannot split one account's count
 * by varying its case. A name that is empty once normalized is no account.
 *
 * <p>That trade has one edge, which {@code playtcha.login.account-names=exact} closes: a realm that tells
 * {@code ALICE} from {@code alice} and lets users choose their names lets a user who owns {@code ALICE}
 * clear {@code alice}'s count by logging in ({@link LoginFailures#succeeded} clears the folded name).
 * With {@code exact}, the name is hashed as sent, and each spelling counts alone, as such a realm
 * compares them.
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

    /** Folded names under the key of {@code secret}: HMAC-SHA256 of a fixed label under the secret. */
    public static AccountKey of(String secret) {
        return of(secret, true);
    }

    /**
     * @param fold {@code false} for {@code playtcha.login.account-names=exact}: names hashed as sent
     *             ({@code null} or empty is still no account)
     */
    public static AccountKey of(String secret, boolean fold) {
        return new AccountKey(new SecretKeySpec(mac(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), HMAC), PURPOSE), HMAC), fold);
    }

    /** The account's hash, 32 bytes, or {@code null} when {@code name} is {@code null} or empty once normalized. */
    public byte[] hash(String name) {
        String normalized = fold ? normalize(name) : name == null || name.isEmpty() ? null : name;
        return normalized == null ? null : mac(key, normalized.getBytes(StandardCharsets.UTF_8));
    }

    /** The name as counted: NFKC, stripped, case folded; {@code null} when nothing is left. */
    static String normalize(String name) {
        if (name == null) {
            return null;
        }
        String folded = Normalizer.normalize(name, Normalizer.Form.NFKC).strip().toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
        return folded.isEmpty() ? null : folded;
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
