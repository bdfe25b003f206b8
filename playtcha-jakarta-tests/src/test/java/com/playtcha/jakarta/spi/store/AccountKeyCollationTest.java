package com.playtcha.jakarta.spi.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ibm.icu.text.CollationElementIterator;
import com.ibm.icu.text.Collator;
import com.ibm.icu.text.RuleBasedCollator;
import com.ibm.icu.util.ULocale;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The fold against an oracle: ICU's root collator at primary strength is the Unicode Collation Algorithm that MySQL's
 * {@code utf8mb4_0900_ai_ci}, MariaDB's {@code uca1400_ai_ci} and PostgreSQL's ICU collations implement (each at its own
 * Unicode version). Whatever it takes for one name must fold to one key; folding more is allowed (a captcha for the owner
 * of a similar name), folding less is not.
 */
class AccountKeyCollationTest {

    /**
     * Where UCA versions disagree with each other, the fold follows MySQL's (and NFKD's) order: MySQL 8's UCA 9.0.0 takes
     * the Kazakh high-hamza letters for the letter, then the hamza, ICU's newer root for the hamza first. And two squared
     * symbols whose letters hold a space, which the fold's table cannot write.
     */
    private static final Set<Integer> EXCEPTIONS = Set.of(0x0675, 0x0676, 0x0677, 0x0678, 0xfbdd, 0x1f19c, 0x1f1a8);

    private static final CollationElementIterator ELEMENTS = ((RuleBasedCollator) Collator.getInstance(ULocale.ROOT))
            .getCollationElementIterator("");

    /**
     * Every character this Java knows, between two letters: those the collator gives the same primary weights fold alike,
     * and one it weighs as a sequence of other characters (æ as a, e; ㍍ as its kana) folds as that sequence.
     */
    @Test
    void everyCharacterTheCollatorTakesForAnother_foldsAlike() {
        Map<List<Integer>, List<Integer>> byWeights = new TreeMap<>(AccountKeyCollationTest::compare);
        for (int c = 0; c <= Character.MAX_CODE_POINT; c++) {
            int type = Character.getType(c);
            if (Character.isDefined(c) && type != Character.SURROGATE && type != Character.PRIVATE_USE && !EXCEPTIONS.contains(c)) {
                byWeights.computeIfAbsent(primaries(Character.toString(c)), k -> new ArrayList<>()).add(c);
            }
        }
        Map<Integer, Integer> single = new TreeMap<>(); // a primary weight -> a character that is just that weight
        byWeights.forEach((weights, characters) -> {
            if (weights.size() == 1) {
                single.put(weights.get(0), characters.get(0));
            }
        });
        long pairs = 0;
        int sequences = 0;
        List<String> apart = new ArrayList<>();
        for (Map.Entry<List<Integer>, List<Integer>> same : byWeights.entrySet()) {
            StringBuilder sequence = new StringBuilder();
            same.getKey().stream().filter(single::containsKey).forEach(weight -> sequence.appendCodePoint(single.get(weight)));
            boolean spelled = same.getKey().size() > 1 && single.keySet().containsAll(same.getKey());
            sequences += spelled ? 1 : 0;
            String expected = AccountKey.normalize("x" + (spelled || same.getKey().isEmpty() ? sequence
                    : Character.toString(same.getValue().get(0))) + "y");
            for (int c : same.getValue()) {
                String folded = AccountKey.normalize("x" + Character.toString(c) + "y");
                if (!expected.equals(folded)) {
                    apart.add(String.format("U+%04X %s folds to %s, not %s", c, Character.getName(c), folded, expected));
                }
            }
            pairs += (long) same.getValue().size() * (same.getValue().size() - 1) / 2;
        }
        assertEquals(List.of(), apart, "characters the collator takes for others, counted apart");
        assertTrue(pairs > 1_000_000 && sequences > 10_000, "pairs checked: " + pairs + ", sequences: " + sequences);
    }

    /**
     * Generated spellings of a few names: case, width, every accent of U+0300-U+036F, invisible characters inside, and the
     * letters no decomposition relates (ø, ł, đ, ħ, ŧ, æ, œ, ß); any two the collator calls equal fold to one key.
     */
    @Test
    void generatedSpellings_thatTheCollatorCallsEqual_foldToOneKey() {
        Collator primary = Collator.getInstance(ULocale.ROOT);
        primary.setStrength(Collator.PRIMARY);
        primary.setDecomposition(Collator.CANONICAL_DECOMPOSITION);
        Set<String> names = new LinkedHashSet<>();
        for (String base : List.of("alice", "Ørsted", "Łukasz Đorđe", "ħaŧ", "Æsir Œuvre", "Straße", "strasse", "Iris")) {
            for (String cased : List.of(base, base.toUpperCase(java.util.Locale.ROOT), base.toLowerCase(java.util.Locale.ROOT))) {
                for (String wide : List.of(cased, wide(cased))) {
                    names.add(wide);
                    for (int mark = 0x0300; mark <= 0x036f; mark++) {
                        if (!Character.getName(mark).contains("LETTER")) {
                            names.add(wide.charAt(0) + Character.toString(mark) + wide.substring(1));
                        }
                    }
                    for (String invisible : List.of("\u200b", "\u200d", "\u00ad", "\u2060", "\ufeff", "\u200e", "\ufe0f", "\u034f", "\u0001")) {
                        names.add(wide.substring(0, 2) + invisible + wide.substring(2));
                    }
                }
            }
            names.addAll(List.of("orsted", "lukasz dorde", "hat", "aesir oeuvre", "ORSTED", "LUKASZ DORDE", "AESIR OEUVRE"));
        }
        Map<String, Set<String>> foldsByKey = new TreeMap<>();
        Map<String, Integer> sizes = new TreeMap<>();
        for (String name : names) {
            String key = HexFormat.of().formatHex(primary.getCollationKey(name).toByteArray());
            foldsByKey.computeIfAbsent(key, k -> new TreeSet<>()).add(AccountKey.normalize(name));
            sizes.merge(key, 1, Integer::sum);
        }
        long pairs = sizes.values().stream().mapToLong(n -> (long) n * (n - 1) / 2).sum();

        foldsByKey.forEach((key, folds) -> assertEquals(1, folds.size(), () -> "one collation key, several folds: " + folds));
        assertTrue(names.size() > 4_000 && pairs > 1_000_000, names.size() + " names, pairs checked: " + pairs);
    }

    private static String wide(String text) {
        StringBuilder wide = new StringBuilder();
        text.codePoints().forEach(c -> wide.appendCodePoint(c >= '!' && c <= '~' ? c - '!' + '\uff01' : c));
        return wide.toString();
    }

    /** The non-zero primary weights of {@code text}, as ICU's collation elements give them. */
    private static List<Integer> primaries(String text) {
        CollationElementIterator elements = ELEMENTS;
        elements.setText(text);
        List<Integer> primaries = new ArrayList<>();
        for (int element = elements.next(); element != CollationElementIterator.NULLORDER; element = elements.next()) {
            if (CollationElementIterator.primaryOrder(element) != 0) {
                primaries.add(CollationElementIterator.primaryOrder(element));
            }
        }
        return primaries;
    }

    private static int compare(List<Integer> a, List<Integer> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int order = Integer.compare(a.get(i), b.get(i));
            if (order != 0) {
                return order;
            }
        }
        return Integer.compare(a.size(), b.size());
    }
}
