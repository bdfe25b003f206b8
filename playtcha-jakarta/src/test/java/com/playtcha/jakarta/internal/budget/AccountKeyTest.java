package com.playtcha.jakarta.internal.budget;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

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
        AccountKey key = AccountKey.of(SECRET);

        assertArrayEquals(key.hash("alice"), key.hash(spelling), spelling);
    }

    @Test
    void normalization_isNfkcStrippedAndCaseFolded() {
        assertEquals("strasse", AccountKey.normalize("STRAßE"), "folded through upper case: the sharp s is ss");
        assertEquals("\u00e9", AccountKey.normalize("E\u0301"), "composed, then folded");
        assertEquals("fi", AccountKey.normalize("\ufb01"), "a ligature is its letters");
        assertNull(AccountKey.normalize("  \t "));
        assertNull(AccountKey.normalize(null));
        assertNull(AccountKey.of(SECRET).hash(" "), "an empty name is no account");
    }

    @Test
    void theHash_isTheSameOnEveryNodeWithTheSecret_andAnotherWithAnother() {
        assertArrayEquals(AccountKey.of(SECRET).hash("alice"), AccountKey.of(SECRET).hash("alice"));
        assertFalse(Arrays.equals(AccountKey.of(SECRET).hash("alice"), AccountKey.of("sk_test_other").hash("alice")));
        assertFalse(Arrays.equals(AccountKey.of(SECRET).hash("alice"), AccountKey.of(SECRET).hash("bob")));
        assertEquals(32, AccountKey.of(SECRET).hash("alice").length);
    }

    @Test
    void neitherTheNameNorTheSecret_leave() {
        AccountKey key = AccountKey.of(SECRET);
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
