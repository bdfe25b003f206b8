package com.playtcha.jakarta.internal.login;

import com.playtcha.jakarta.internal.budget.LocalLoginFailures;
import com.playtcha.jakarta.spi.LoginFailures;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Account names as the login policy counts them: normalized, then only their keyed hash. */
class AccountKeyTest {

    private static final String SECRET = "sk_test_accounts";

    @ParameterizedTest
    @ValueSource(strings = {"alice", "Alice", "ALICE", " alice\t", "\uff41\uff4c\uff49\uff43\uff45", "aLiCe\u00a0"})
    void caseWidthAndSurroundingSpace_areOneAccount(String spelling) {
        AccountKey key = AccountKey.of(SECRET, true);

        assertArrayEquals(key.hash("alice"), key.hash(spelling), spelling);
    }

    @Test
    void normalization_isNfkcStrippedAndCaseFolded() {
        assertEquals("strasse", AccountKey.normalize("STRAßE"), "folded through upper case: the sharp s is ss");
        assertEquals("\u00e9", AccountKey.normalize("E\u0301"), "composed, then folded");
        assertEquals("fi", AccountKey.normalize("\ufb01"), "a ligature is its letters");
        assertNull(AccountKey.normalize("  \t "));
        assertNull(AccountKey.normalize(null));
        assertNull(AccountKey.of(SECRET, true).hash(" "), "an empty name is no account");
    }

    /** Spellings that realms take for one name, each with the rule that merges it. */
    @ParameterizedTest
    @ValueSource(strings = {
        "\u0130rem", // İ, which String.equalsIgnoreCase takes for i (upper-cased, then lower-cased, char by char)
        "\u0131rem", // dotless ı, the same way
        "I\u0307rem", // İ decomposed (NFD)
        "\uff29\uff52\uff45\uff4d", // full-width
        "irem\u0000", "\u0001irem\u001f", "\tirem\r\n", // C0 controls, which String.trim() removes
        "irem   ", "   irem", // spaces, at either end
        "\u3000irem\u2003", // ideographic and em spaces
    })
    void spellingsARealmMerges_areOneAccount(String spelling) {
        assertEquals("irem", AccountKey.normalize(spelling), spelling);
    }

    @Test
    void composedAndDecomposed_areOneAccount() {
        assertEquals(AccountKey.normalize("Jos\u00e9"), AccountKey.normalize("JOSE\u0301"));
        assertEquals(AccountKey.normalize("stra\u00dfe"), AccountKey.normalize("STRA\u1e9eE"), "ß and capital ẞ");
    }

    /**
     * Every pair of characters that {@link String#equalsIgnoreCase} takes for one is one account,
     * alone and between letters, over the whole Basic Multilingual Plane (surrogates aside).
     */
    @Test
    void whatEqualsIgnoreCaseMerges_isOneAccount() {
        java.util.Map<Integer, java.util.List<Character>> classes = new java.util.HashMap<>();
        for (char c = 0; c < Character.MIN_SURROGATE; c++) {
            classes.computeIfAbsent(Character.toLowerCase(Character.toUpperCase((int) c)), k -> new java.util.ArrayList<>()).add(c);
        }
        int pairs = 0;
        for (java.util.List<Character> same : classes.values()) {
            for (char a : same) {
                for (char b : same) {
                    String x = "a" + a + "b";
                    String y = "a" + b + "b";
                    if (a != b && x.equalsIgnoreCase(y)) {
                        pairs++;
                        assertEquals(AccountKey.normalize(x), AccountKey.normalize(y),
                                () -> String.format("U+%04X and U+%04X", (int) a, (int) b));
                    }
                }
            }
        }
        assertTrue(pairs > 2000, "pairs checked: " + pairs);
    }

    @Test
    void theHash_isTheSameOnEveryNodeWithTheSecret_andAnotherWithAnother() {
        assertArrayEquals(AccountKey.of(SECRET, true).hash("alice"), AccountKey.of(SECRET, true).hash("alice"));
        assertFalse(Arrays.equals(AccountKey.of(SECRET, true).hash("alice"), AccountKey.of("sk_test_other", true).hash("alice")));
        assertFalse(Arrays.equals(AccountKey.of(SECRET, true).hash("alice"), AccountKey.of(SECRET, true).hash("bob")));
        assertEquals(32, AccountKey.of(SECRET, true).hash("alice").length);
    }

    @Test
    void neitherTheNameNorTheSecret_leave() {
        AccountKey key = AccountKey.of(SECRET, true);
        byte[] hash = key.hash("alice");
        String hex = HexFormat.of().formatHex(hash);
        String text = new String(hash, StandardCharsets.ISO_8859_1);

        assertFalse(hex.contains(HexFormat.of().formatHex("alice".getBytes(StandardCharsets.UTF_8))), hex);
        assertFalse(text.contains("alice"));
        assertFalse(key.toString().contains(SECRET), key.toString());
        assertFalse(new LocalLoginFailures(LoginFailures.Limits.of(com.playtcha.jakarta.core.PlaytchaSettings.builder(SECRET)
                .build().login()), System::nanoTime).toString().contains(SECRET));
    }
}
