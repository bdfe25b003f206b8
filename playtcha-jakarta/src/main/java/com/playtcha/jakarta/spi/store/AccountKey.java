package com.playtcha.jakarta.spi.store;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.text.Normalizer.Form;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * SPI: what a login's account name is counted under, the hash every {@link LoginFailures} (this node's,
 * the cluster module's) is handed by the login policy: an HMAC-SHA256 of the name, folded, keyed with a
 * key derived from the secret. Every node has the same secret, so every node
 * counts a name under the same hash; without the secret, a hash tells nothing of the name, and no
 * table of common names can be made to look one up. The name itself is never kept, logged or shown.
 *
 * <p>Folded so that no common realm's comparison merges what is counted apart: what the Unicode Collation
 * Algorithm's first level (MySQL's {@code utf8mb4_0900_ai_ci}), {@code utf8mb4_general_ci} and LDAP's
 * {@code caseIgnoreMatch} take for one name is one account ({@code Alice}, {@code ÁLICE}, {@code ａｌｉｃｅ},
 * {@code alice} with a zero-width space inside); folding more only asks the owner of a similar name for a captcha. With
 * {@code playtcha.login.account-names=exact} the name is hashed as sent. A name of white space alone is no account
 * ({@link #blank}: the guard cannot read it). What is folded, and why: design/engine.md.
 */
public final class AccountKey {

    private static final String HMAC = "HmacSHA256";
    /** What the key is derived for, so that no other use of the secret yields the same key. */
    private static final byte[] PURPOSE = "playtcha login account v1".getBytes(StandardCharsets.US_ASCII);
    private static final java.util.regex.Pattern RUN_OF_S = java.util.regex.Pattern.compile("s{2,}");

    /** Made at random for this JVM: {@link #hashForThisJvm}. */
    private static final SecretKeySpec JVM_KEY = randomKey();

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
        SecretKeySpec secretKey = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), HMAC);
        return new AccountKey(new SecretKeySpec(mac(secretKey, PURPOSE), HMAC), fold);
    }

    /**
     * HMAC-SHA256 of {@code parts}, one after the other, under a key made at random for this JVM: a hash that
     * means nothing outside it and that no client can aim at (this node's sketch cells, a password a request
     * holds its token to).
     */
    public static byte[] hashForThisJvm(byte[]... parts) {
        return mac(JVM_KEY, parts);
    }

    /** The account's hash, 32 bytes, or {@code null} when {@code name} is {@code null} or empty once normalized. */
    public byte[] hash(String name) {
        String normalized = fold ? normalize(name) : name == null || name.isEmpty() ? null : name;
        return normalized == null ? null : mac(key, normalized.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The longest account name counted, in UTF-16 chars: a door that reads a longer one counts it as a
     * name it cannot read (an unreadable account: a token is needed), without normalizing or
     * hashing it. No realm in common use takes longer names; a bound keeps an attacker's 2 MB name
     * from costing a normalization and a hash before any count is looked at.
     */
    public static final int MAX_NAME_LENGTH = 256;

    /** The name as counted (design/engine.md, "AccountKey"); {@code null} when it holds nothing but white space. */
    static String normalize(String name) {
        if (name == null) {
            return null;
        }
        String counted = RUN_OF_S.matcher(lettersOf(caseFolded(name))).replaceAll("s"); // ß is ss in one realm and s in another
        return !counted.isEmpty() ? counted : name.codePoints().allMatch(AccountKey::white) ? null : "\ufffd";
    }

    /** Whether {@code name} is no one's: {@code null}, empty or white space alone (no-break spaces, tabs and breaks too). */
    public static boolean blank(String name) {
        return name == null || name.codePoints().allMatch(AccountKey::white);
    }

    /**
     * Whether {@code name} holds something other than white space, yet folds to nothing: only invisible
     * characters, marks or letters beyond the BMP ({@code "\u200b"}). No realm can be sure which account such
     * a name is, so a door takes it for one the guard cannot read ({@code LoginAccount.named}), whatever
     * {@code playtcha.login.account-names} says. A name with an ASCII letter or digit is answered at once.
     */
    public static boolean foldsToNothing(String name) {
        for (int i = 0; name != null && i < name.length(); i++) {
            if (name.charAt(i) < 0x80 && Character.isLetterOrDigit(name.charAt(i))) {
                return false; // folding keeps every ASCII letter and digit
            }
        }
        return name != null && name.indexOf('\ufffd') < 0 && "\ufffd".equals(normalize(name)); // U+FFFD: what folds to nothing
    }

    /**
     * Mapped, decomposed, marks and invisible characters dropped; case folded char-wise (equalsIgnoreCase's rule), then as
     * whole strings (ß is ss), decomposed again as a case mapping may compose. Loops rather than streams of one-letter
     * strings, here and in {@link #lettersOf}: this runs on every login attempt.
     */
    private static String caseFolded(String name) {
        StringBuilder text = new StringBuilder(name.length());
        for (int i = 0, c; i < name.length(); i += Character.charCount(c)) {
            c = name.codePointAt(i);
            String letter = LETTERS.get(c);
            if (letter == null) {
                text.appendCodePoint(c);
            } else {
                text.append(letter);
            }
        }
        String decomposed = Normalizer.normalize(text, Form.NFKD);
        text.setLength(0);
        for (int i = 0, c; i < decomposed.length(); i += Character.charCount(c)) {
            c = decomposed.codePointAt(i);
            if (!ignorable(c)) {
                text.appendCodePoint(c);
            }
        }
        return foldCharWise(Normalizer.normalize(foldCharWise(text).toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT), Form.NFKD));
    }

    /** Each character mapped again, numbers as their values, white space stripped at the ends and one space inside. */
    private static StringBuilder lettersOf(String cased) {
        StringBuilder folded = new StringBuilder(cased.length());
        boolean blank = false;
        for (int i = 0, c; i < cased.length(); i += Character.charCount(c)) {
            c = cased.codePointAt(i);
            if (ignorable(c)) {
                continue;
            }
            if (white(c)) {
                blank = folded.length() > 0;
                continue;
            }
            String letter = LETTERS.get(c);
            int value = letter == null ? numericValue(c) : -1;
            if (letter == null && value < 0 && c > 0xffff) {
                continue; // a letter beyond the BMP as itself counts as nothing, as in utf8mb4_general_ci, SQL_Latin1_General
            }
            if (letter == null || !letter.isEmpty()) {
                if (blank) {
                    folded.append(' ');
                }
                if (letter != null) {
                    folded.append(letter);
                } else if (value >= 0) {
                    folded.append(value);
                } else {
                    folded.appendCodePoint(c);
                }
                blank = false;
            }
        }
        return folded;
    }

    /** Each code point upper-cased, then lower-cased, alone: String.equalsIgnoreCase's rule. */
    private static String foldCharWise(CharSequence text) {
        StringBuilder folded = new StringBuilder(text.length());
        for (int i = 0, c; i < text.length(); i += Character.charCount(c)) {
            c = Character.codePointAt(text, i);
            folded.appendCodePoint(Character.toLowerCase(Character.toUpperCase(c)));
        }
        return folded.toString();
    }

    /** The value of a number left undecomposed (a digit of any script, a circled ten), or -1 for anything else. */
    private static int numericValue(int c) {
        int type = Character.getType(c);
        boolean number = type == Character.DECIMAL_DIGIT_NUMBER || type == Character.LETTER_NUMBER || type == Character.OTHER_NUMBER;
        return number ? Character.getNumericValue(c) : -1;
    }

    /** White space as LDAP's string preparation takes it for a space: separators, tab, line and page breaks, NEL. */
    private static boolean white(int c) {
        return Character.isSpaceChar(c) || c >= '\t' && c <= '\r' || c == 0x85;
    }

    /** Marks, format characters (zero-width, bidi, soft hyphen) and control characters. */
    private static boolean ignorable(int c) {
        int type = Character.getType(c);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK || type == Character.ENCLOSING_MARK
                || type == Character.FORMAT || type == Character.CONTROL && !white(c);
    }

    /**
     * What the Unicode Collation Algorithm takes for other letters, or for nothing, where no decomposition says so (checked
     * against ICU by AccountKeyCollationTest): {@code from=to}, or {@code first-last=} a range of as many letters, a range of one
     * letter each ({@code ァ-ヶ=ぁ-ゖ}) or nothing. Targets are mapped again.
     */
    private static final Map<Integer, String> LETTERS = letters("""
            \u115f-\u1160= \u3164= \uffa0= \u1806= \ufffc= \u0640= \u07fa= \u0824= \u0828= \u180a= \u06de= \ufc5e-\ufc63=
            \ufe70-\ufe7f= \u00b7= ø=o ł=l đ=d ħ=h ŧ=t æ=ae œ=oe ŀ=l Ŀ=l ð=d ƍ=zw ƾ=ts ȸ=db ȹ=qp ʣ=dz ʤ=dʒ ʥ=dʑ ʦ=ts ʧ=tʃ ʨ=tɕ
            ʩ=fŋ ʪ=ls ʫ=lz ᴈ=ɜ ᵎ=ᴉ ᵹ=g ᵺ=th ᶞ=d Ỻ=ll ỻ=ll ₧=pts ℁=a/s ⅍=a/s ㍳=ꜷ ㏈=ȸ Ꜩ=tz ꜩ=tz Ꜳ=aa ꜳ=aa Ꜵ=ao ꜵ=ao Ꜷ=au
            ꜷ=au Ꜹ=av ꜹ=av Ꜻ=av ꜻ=av Ꜽ=ay ꜽ=ay Ꝏ=oo ꝏ=oo Ꝛ-ꝛ=rr Ꝡ=vy ꝡ=vy Ꝺ-Ᵹ=ddffg Ꞃ-ꞇ=rrsstt Ꞛ-ꞩ=aaoouuggkknnrrss
            Ꟃ-ꟃ=ww ꭦ=dʐ ꭧ=tʂ \u0363-\u036f=aeioucdhmrtvx \u1abf-\u1ac0=wʍ \u1dca=r \u1dd2-\u1dd3=ꝯa \u1dd4=ae \u1dd5=ao
            \u1dd6=av \u1dd7-\u1df4=cddgɢklʟᴍnɴʀrsszɑbꞵəfꬸopʃuwaou 🅐-🅩=a-z 🅰-🆊=abcdefghijklmnopqrstuvwxyzp
            🆋=ic 🆌=pa 🆍=sa 🆎=ab 🆏=wc 🆑=cl 🆒=cool 🆓=free 🆔=id 🆕=new 🆖=ng 🆗=ok 🆘=sos 🆙=up! 🆚=vs 🆛=3d 🆝=2k
            🆞=4k 🆟=8k 🆠=5.1 🆡=7.1 🆢=22.2 🆣=60p 🆤=120p 🆥=d 🆦=hc 🆧=hdr 🆩=losles 🆪=shv 🆫=uhd 🆬=vod
            ‘-‟=''''\"\"\"\" ׳-״='\" ⹂=\" 〝-〟=\"\"\" ༪-༳=1234567890 ৴-৷=1234 ͺ=ι ϗ=και Ґ-ґ=гг \u2de0-\u2df4=бвгджзклмнопрстхцчшщѳ
            \u2df5=ст \u2df6-\u2dff=аеꙉꙋѣюꙗѧѫѭ Ꙩ-ꙮ=ооооооо Ꚙ-ꚛ=оооо \ua674-\ua67b=єиіуъыьѡ \ua69e-\ua69f=фѥ
            ⴀ-ⴥ=ა-ჵ 𞀀-𞀆=ⰰ-ⰶ 𞀈-𞀘=ⰸ-ⱈ 𞀛-𞀡=ⱋ-ⱑ 𞀣-𞀤=ⱓⱔ 𞀦-𞀪=ⱖ-ⱚ
            ך=כ ם=מ ן=נ ף=פ ץ=צ ׯ=יהוה װ=וו ױ=וי ײ=יי ٴ=ء ۥ-ۦ=وي ۽-۾=ءم ࢭ=ا ܔ=ܓ ܜ=ܛ ܤ=ܣ ܧ=ܦ ܭ-ܯ=ܒܓܕ ߨ-ߪ=ߖߗߙ
            ৎ=ত ൎ=ര ൔ-ൖ=മയഴ ൺ-ൿ=ണനരലളക ァ-ヶ=ぁ-ゖ ぁ=あ ぃ=い ぅ=う ぇ=え ぉ=お っ=つ ゃ=や ゅ=ゆ ょ=よ ゎ=わ ゕ-ゖ=かけ
            ゟ=より ㇰ-ㇿ=くしすとぬはひふへほむらりるれろ 𛅐-𛅒=ゐ-を 𛅤-𛅧=ゐ-ん 〆=しめ 〼=ます 〲=〱 〴=〳 ㄮ=ㄜ ㆠ-ㆣ=ㄅㄗㄐㄍ
            ㆥ=ㆤ ㆧ-ㆫ=ㄛㄨㄚㄧㄨ ㆮ-ㆯ=ㄞㄠ ㆳ-ㆷ=ㄧㄆㄊㄎㄏ ㆻ=ㄍ ⺀-⺙=丶厂乛乚乙亻冂几刀刂卜卩小小尢尣尢尣巳幺彑彐忄心扌攵
            ⺛-⺞=旡日月歺 ⺠-⺯=民氵氺灬爫爫丬牛犭王疋目示礻竹糹 ⺰-⻂=纟罓罒罓罓罒羊羊羋耂肀聿肉臼艹艹艹虎衤
            ⻃-⻒=覀西见角角讠贝足车辶辶辶邑钅長镸 ⻓-⻢=长门阜阝雨青韦页风飞食飠飠饣首马 ⻣-⻲=骨鬼鱼鸟鹵麦黄黾齊齐齒齿龍龙龜龜
            ༀ=ཨ ཪ=ར ဿ=သသ ᤝ-ᤞ=ᤈᤋ ᧞=ᦜᦶ ᧟=ᦜᦶᧁ ᩔ=ᩆᩆ ᩘ-ᩛ=ᨦᨦᨻᨻ ᮺ=ᮃ ᮾ-ᮿ=ᮊᮙ ᯁ=ᯀ ᯃ-ᯄ=ᯂᯂ ᯆ=ᯅ ᯈ=ᯇ ᯊ=ᯉ ᯌ-ᯍ=ᯋᯋ ᯏ=ᯎ ᯓ=ᯒ ᯕ=ᯔ ᯗ=ᯖ
            ᯙ-ᯚ=ᯘᯘ ᯜ=ᯛ ᯟ=ᯞ \u1cd3= \u1cf2-\u1cf3= ᳪ-ᳬ=ᳩᳩᳩ ᳮ-ᳱ=ᳩᳩᳩᳩ ᳺ=ᳩ ⳤ=ⲕⲁⲓ ꣳ-ꣷ=ꣲꣲꣲꣲꣲ ꦬ=ꦫ ꘐ-ꘒ=ꕘꕪꖇ ꘓ=ꔌꘋ ꘔ=ꔞꘋ ꘕ=ꔳꘋ
            ꘖ=ꕇꘌ ꘗ=ꕒꘋ ꘘ=ꕘꘌ ꘙ=ꕚꘌ ꘚ=ꕠꘋ ꘛ=ꖅꘋ ꘜ=ꖴꘋ ꘝ=ꗋꘋ ꘞ=ꗑꘌ ꘟ=ꗘꘋ ꘪ-ꘫ=ꕮꗑ ᚡ=ᚠ ᚤ-ᚥ=ᚢᚢ ᚧ=ᚦ ᚩ=ᚨ ᚬ-ᚮ=ᚨᚨᚨ ᚳ-ᚶ=ᚲᚲᚲᚲ
            ᚻ-ᚽ=ᚺᚺᚺ ᚿ-ᛀ=ᚾᚾ ᛂ=ᛁ ᛄ=ᛃ ᛆ=ᛅ ᛋ-ᛎ=ᛊᛊᛊᛊ ᛐ-ᛑ=ᛏᛏ ᛓ-ᛕ=ᛒᛒᛈ ᛘ-ᛙ=ᛗᛗ ᛛ=ᛚ ᛝ=ᛜ ᛧ-ᛪ=ᛦᛦᚹᛊ ᛮ=ᛅᛚ ᛯ=ᛗᛗ ᛰ=ᚦᚦ
            """);

    private static Map<Integer, String> letters(String table) {
        Map<Integer, String> letters = new HashMap<>();
        for (String entry : table.trim().split("\\s+")) {
            int[] from = entry.substring(0, entry.indexOf('=')).codePoints().toArray();
            int[] to = entry.substring(entry.indexOf('=') + 1).codePoints().toArray();
            int last = from.length == 3 ? from[2] : from[0];
            for (int c = from[0]; c <= last; c++) {
                int i = c - from[0];
                boolean range = last > from[0];
                letters.put(c, range && to.length == 3 && to[1] == '-' ? Character.toString(to[0] + i)
                        : range && to.length > i ? Character.toString(to[i]) : new String(to, 0, to.length));
            }
        }
        letters.replaceAll((c, to) -> to.codePoints().mapToObj(t -> letters.getOrDefault(t, Character.toString(t)))
                .collect(Collectors.joining()));
        return Map.copyOf(letters);
    }

    private static SecretKeySpec randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return new SecretKeySpec(key, HMAC);
    }

    private static byte[] mac(SecretKeySpec key, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            for (byte[] part : parts) {
                mac.update(part);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has " + HMAC, e);
        }
    }

    @Override
    public String toString() {
        return "AccountKey[HMAC-SHA256, key not shown]";
    }
}
