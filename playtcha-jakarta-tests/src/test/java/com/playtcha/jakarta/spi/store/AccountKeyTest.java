package com.playtcha.jakarta.spi.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.internal.budget.Stores;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Account names as the login policy counts them: folded, then only their keyed hash. */
class AccountKeyTest {

    private static final String SECRET = "sk_test_accounts";

    @ParameterizedTest
    @ValueSource(strings = {"alice", "Alice", "ALICE", " alice\t", "\uff41\uff4c\uff49\uff43\uff45", "aLiCe\u00a0"})
    void caseWidthAndSurroundingSpace_areOneAccount(String spelling) {
        AccountKey key = AccountKey.of(SECRET, true);

        assertArrayEquals(key.hash("alice"), key.hash(spelling), spelling);
    }

    /** The case: 900 accent spellings of one name were 900 counts; a UCA {@code _ai_ci} realm takes them for one user. */
    @Test
    void nineHundredAccentSpellings_areOneAccount() {
        AccountKey key = AccountKey.of(SECRET, true);
        Set<String> spellings = new HashSet<>();
        for (int mark = 0x0300; spellings.size() < 900; mark++) {
            if (Character.getType(mark) != Character.NON_SPACING_MARK || Character.getName(mark).contains("LETTER")) {
                continue; // a combining letter (U+0363 a) is that letter, not an accent
            }
            for (int at = 1; at <= "alice".length() && spellings.size() < 900; at++) {
                String spelling = "alice".substring(0, at) + Character.toString(mark) + "alice".substring(at);
                spellings.add(at % 2 == 0 ? spelling : Normalizer.normalize(spelling, Normalizer.Form.NFC)); // á as well as a + U+0301
            }
        }
        assertEquals(900, spellings.size());
        for (String spelling : List.of("\u00e1lice", "alic\u00e9", "alice\u0301")) { // the issue's own
            assertArrayEquals(key.hash("alice"), key.hash(spelling), spelling);
        }
        assertEquals(Set.of(HexFormat.of().formatHex(key.hash("alice"))),
                spellings.stream().map(s -> HexFormat.of().formatHex(key.hash(s))).collect(java.util.stream.Collectors.toSet()));
    }

    /** Format, control and other default-ignorable characters, wherever they stand: a UCA realm and LDAP ignore them. */
    @ParameterizedTest
    @ValueSource(strings = {
        "\u200b", "\u200c", "\u200d", "\u00ad", "\u200e", "\u200f", "\ufeff", "\u2060", "\u034f", "\ufe0f", "\udb40\udd00",
        "\u115f", "\u1160", "\u3164", "\uffa0", "\u180e", "\u1806", "\ufffc", "\u2066", "\u202e", "\udb40\udc41", "\u0001", "\u007f",
        "\u0640", "\u00b7",
    })
    void invisibleCharactersInsideTheName_areDropped(String invisible) {
        assertEquals("alice", AccountKey.normalize("al" + invisible + "ice"), () -> String.format("U+%04X", invisible.codePointAt(0)));
        assertEquals("alice", AccountKey.normalize(invisible + "alice" + invisible + invisible));
    }

    @Test
    void whiteSpaceInside_isOneSpace_asLdapComparesIt() {
        for (String spelling : List.of("alice  smith", "alice\tsmith", "alice\u3000smith", "alice \u200b smith", "alice\n\r smith")) {
            assertEquals("alice smith", AccountKey.normalize(spelling), spelling);
        }
        assertEquals("alicesmith", AccountKey.normalize("alicesmith"), "no space is not a space");
    }

    /** Each spelling beside the name a realm takes it for, and the rule that merges them. */
    @ParameterizedTest
    @ValueSource(strings = {
        "\u0130rem=irem", "\u0131rem=irem", "I\u0307rem=irem", // İ, dotless ı and İ decomposed: equalsIgnoreCase's rule
        "\uff29\uff52\uff45\uff4d=irem", "\uff71\uff98\uff7d=\u3042\u308a\u3059", // full and half width
        "\u039f\u0394\u039f\u03a3=\u03bf\u03b4\u03bf\u03c3", "\u03bf\u03b4\u03bf\u03c2=\u03bf\u03b4\u03bf\u03c3", // Greek final sigma
        "\u00f8rsted=orsted", "\u0142ukasz=lukasz", "\u0111or\u0111e=dorde", "\u0127amrun=hamrun", "\u0167=t", // letters with a stroke
        "\u00e6sir=aesir", "\u0152uvre=oeuvre", "\u00f0=d", "co\u0140lecci\u00f3=colleccio", "col\u00b7lecci\u00f3=colleccio",
        "stra\u00dfe=strase", "STRA\u1e9eE=strase", "strasse=strase", // ß is ss in a UCA realm, s in utf8mb4_general_ci
        "s\ud83c\udd98=sos", "ssos=sos", // 🆘 is sos to the UCA: the s before it runs into its own
        "o\u2019brien=o'brien", "\u05d3\u05d5\u05da=\u05d3\u05d5\u05db", // quotes; a Hebrew final letter
        "user\u0663=user3", "\u0968\u0966\u0968\u096a=2024", "\u277f=10", // digits of any script, a dingbat ten
        "\u30a2\u30ea\u30b9=\u3042\u308a\u3059", "\u3041=\u3042", "\ud83c\udd50lice=alice", // katakana, small kana, 🅐
        "E\u0301=e", "\ufb01=fi", "alice\ud83d\ude00=alice", // accents dropped; a ligature; an emoji, as general_ci and SQL Server
    })
    void spellingsARealmMerges_areOneAccount(String pair) {
        String[] spelling = pair.split("=");

        assertEquals(spelling[1], AccountKey.normalize(spelling[0]), spelling[0]);
    }

    @Test
    void aNameOfWhiteSpace_isNoAccount_butOneOfInvisibleCharacters_isCountedAsOne() {
        assertNull(AccountKey.normalize("  \t "));
        assertNull(AccountKey.normalize(null));
        assertNull(AccountKey.of(SECRET, true).hash(" "), "an empty name is no account");
        assertEquals("\ufffd", AccountKey.normalize("\ud83d\ude00\ud83d\ude00"), "a realm may take it for any other such name");
        assertEquals("\ufffd", AccountKey.normalize("\u200b"));
    }

    /** Issue 70, item 9: what folds to nothing though it is not blank is told apart, so a door can take it for no name it can read. */
    @Test
    void aNameThatFoldsToNothing_isToldApart_fromABlankOneAndFromARealName() {
        for (String nothing : List.of("\u200b", "\u200b\u200c\u2060", "\u0301", "\ud83d\ude00", " \u200b ", "\u00ad")) {
            assertTrue(AccountKey.foldsToNothing(nothing), nothing.codePoints().mapToObj(Integer::toHexString).toList()::toString);
        }
        for (String something : List.of("alice", "\u200balice", "7", "\u00e9", "\u0430\u043b\u0438\u0441\u0430", "", "   ", "\ufffd")) {
            assertFalse(AccountKey.foldsToNothing(something), something);
        }
        assertFalse(AccountKey.foldsToNothing(null));
    }

    /** Issue 93, item 5: what is blank (white space as normalize takes it, no-break and line separators too) is told apart. */
    @Test
    void aBlankName_isToldApart_fromOneThatFoldsToNothing() {
        for (String blank : Arrays.asList(null, "", "   ", "\t\n\r", "\u00a0", "\u2028\u3000", "\u0085")) {
            assertTrue(AccountKey.blank(blank), String.valueOf(blank));
        }
        for (String something : List.of("\u200b", " a ", "\u00a0\u200b", ".")) {
            assertFalse(AccountKey.blank(something), something);
        }
    }

    /**
     * Every pair of characters that {@link String#equalsIgnoreCase} takes for one is one account,
     * alone and between letters, over the whole Basic Multilingual Plane (surrogates aside), but one: the combining
     * ypogegrammeni U+0345, which equalsIgnoreCase upper-cases to Ι and a UCA realm ignores (ᾳ is α); it is dropped.
     */
    @Test
    void whatEqualsIgnoreCaseMerges_isOneAccount() {
        Map<Integer, List<Character>> classes = new HashMap<>();
        for (char c = 0; c < Character.MIN_SURROGATE; c++) {
            classes.computeIfAbsent(Character.toLowerCase(Character.toUpperCase((int) c)), k -> new ArrayList<>()).add(c);
        }
        int pairs = 0;
        for (List<Character> same : classes.values()) {
            for (char a : same) {
                for (char b : same) {
                    String x = "a" + a + "b";
                    String y = "a" + b + "b";
                    if (a != b && x.equalsIgnoreCase(y) && a != '\u0345' && b != '\u0345') {
                        pairs++;
                        assertEquals(AccountKey.normalize(x), AccountKey.normalize(y),
                                () -> String.format("U+%04X and U+%04X", (int) a, (int) b));
                    }
                }
            }
        }
        assertTrue(pairs > 2000, "pairs checked: " + pairs);
    }

    /**
     * Folding more than a realm only asks the owner of a similar name for a captcha; these are the merges no realm makes,
     * pinned so that a change to them is a decision.
     */
    @Test
    void overFolding_isWhatTheDocsSay() {
        assertEquals(AccountKey.normalize("bass"), AccountKey.normalize("bas"), "a run of s is one s (ß = ss and ß = s)");
        assertEquals(AccountKey.normalize("a\ud83d\udc36"), AccountKey.normalize("a\ud83d\udc31"), "past U+FFFF: dropped");
        assertEquals(AccountKey.normalize("a  b"), AccountKey.normalize("a b"));
        assertNotEquals(AccountKey.normalize("ab"), AccountKey.normalize("a b"));
        assertNotEquals(AccountKey.normalize("alice"), AccountKey.normalize("alise"));
    }

    /** NFKD expands a character at most 18-fold (U+FDFA), so a name at the length bound folds to a bounded string. */
    @Test
    void noCharacterFoldsToMoreThanEighteen() {
        int longest = 0;
        for (int c = 0; c <= Character.MAX_CODE_POINT; c++) {
            String folded = Character.isDefined(c) && !Character.isSurrogate((char) c) ? AccountKey.normalize(Character.toString(c)) : null;
            longest = Math.max(longest, folded == null ? 0 : folded.length());
        }
        assertEquals(18, longest);
        String longestName = "\ufdfa".repeat(AccountKey.MAX_NAME_LENGTH);
        assertTrue(AccountKey.normalize(longestName).length() <= 18 * AccountKey.MAX_NAME_LENGTH);
    }

    @Test
    void exact_hashesTheNameAsSent() throws Exception {
        AccountKey exact = AccountKey.of(SECRET, false);
        Mac derive = Mac.getInstance("HmacSHA256");
        derive.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(derive.doFinal("playtcha login account v1".getBytes(StandardCharsets.US_ASCII)), "HmacSHA256"));

        assertArrayEquals(mac.doFinal(" \u00c1lice\u200b".getBytes(StandardCharsets.UTF_8)), exact.hash(" \u00c1lice\u200b"));
        assertFalse(Arrays.equals(exact.hash("alice"), exact.hash("Alice")));
        assertFalse(Arrays.equals(exact.hash("alice"), exact.hash("alice ")));
        assertNull(exact.hash(""));
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
        assertFalse(Stores.loginFailures(com.playtcha.jakarta.core.PlaytchaSettings.builder(SECRET).loginAfterFailures(true).build(),
                VerifierClock.SYSTEM, "playtcha-logins-test", Resources.NONE).toString().contains(SECRET));
    }

    static Map<String, List<String>> byFold(List<String> names) {
        Map<String, List<String>> folds = new TreeMap<>();
        names.forEach(name -> folds.computeIfAbsent(String.valueOf(AccountKey.normalize(name)), k -> new ArrayList<>()).add(name));
        return folds;
    }
}
