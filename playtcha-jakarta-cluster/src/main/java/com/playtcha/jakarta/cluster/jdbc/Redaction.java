package com.playtcha.jakarta.cluster.jdbc;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Takes credentials out of a database's own words (a driver's or a pool's message, which may quote a
 * connect URL with its password) before they reach a log line, an exception or the status, keeping the
 * host, the port and the database. It masks ({@value #MASK}) the secrets the {@code DataSource} tells of
 * itself ({@link #of}) wherever they appear, and anything shaped like a credential (a URL's user
 * information, a parameter named like a password or a key, a user name), erring towards masking. The
 * rules: design/cluster.md.
 */
final class Redaction {

    static final String MASK = "****";

    /** The patterns alone: for words said before a {@code DataSource} is at hand. */
    static final Redaction PATTERNS = new Redaction(List.of());

    /** What user information may hold: anything up to the last {@code @} of the text (a password may hold line breaks and {@code @}). */
    private static final String INFO = "[\\s\\S]*";
    /** {@code scheme://user[:password]@}: the user information of a URL. */
    private static final Pattern USER_INFO = Pattern.compile("(?i)[a-z][a-z0-9+.-]*://(" + INFO + ")@");
    /** {@code user:password@host} without a scheme: a word holding a colon, an {@code @}, then a host. */
    private static final Pattern BARE_USER_INFO = Pattern.compile("(?i)(?<![^\\s'\"(<\\[,=;])(?!jdbc:)([^\\s'\"@/:]+:(?!//)" + INFO
            + ")@(?=[a-z0-9\\[])");
    /** Oracle's thin form, {@code jdbc:oracle:thin:user/password@host}. */
    private static final Pattern SLASHED = Pattern.compile("(?i)jdbc:oracle:[a-z]+:([^/@\\r\\n]*/" + INFO + ")@");
    private static final String SECRET_NAME = "[a-z0-9_.-]*(?:pass|pw|secret|token|credential)[a-z0-9_.-]*"
            + "|[a-z0-9_.-]*key";
    private static final String USER_NAME = "user|username|user[ _]?id|uid";
    /** {@code name=value} or {@code name: value} with a credential's name; the value starts at group 2's end. */
    private static final Pattern SECRET_PARAMETER = Pattern.compile("(?i)(?<![a-z0-9_.-])(" + SECRET_NAME
            + ")[\"']?(\\s*(?:[=:]|%3[ad])\\s*)");
    /** A user name's value: braced, quoted, or up to a separator. */
    private static final Pattern USER_PARAMETER = Pattern.compile("(?i)(?<![a-z0-9_.-])(?:" + USER_NAME + ")\\s*[=:]\\s*"
            + "(\\{[^}]*}|'[^'\\r\\n]*'|\"[^\"\\r\\n]*\"|[^&;,\\s'\")]+)");
    /** A credential in a configured URL: {@code ?password=x}, {@code ;password={x;y}}. */
    private static final Pattern URL_SECRET = Pattern.compile("(?i)(?:^|[?&;])\\s*(?:" + SECRET_NAME + ")\\s*=\\s*"
            + "(\\{(?:[^}]|}})*}|[^&;]*)");
    private static final Pattern SECRET_KEY = Pattern.compile("(?i)" + SECRET_NAME);
    private static final List<String> PASSWORD_GETTERS = List.of("getPassword");
    private static final List<String> URL_GETTERS = List.of("getUrl", "getURL", "getJdbcUrl");
    private static final List<String> PROPERTIES_GETTERS = List.of("getDataSourceProperties", "getDbProperties", "getProperties");

    /** Each known secret as it may be written, longest first. */
    private final List<Pattern> secrets;

    private Redaction(List<Pattern> secrets) {
        this.secrets = secrets;
    }

    /** Masks {@code secrets} (passwords, user information) wherever they appear, and the patterns' finds. */
    static Redaction knowing(Collection<String> secrets) {
        List<String> longestFirst = new ArrayList<>(new LinkedHashSet<>(secrets));
        longestFirst.removeIf(s -> s == null || s.isEmpty());
        longestFirst.sort((a, b) -> b.length() - a.length());
        return new Redaction(longestFirst.stream().map(Redaction::spellings).toList());
    }

    /**
     * Masks what {@code db} says of its credentials, through the public getters named in the class
     * comment (none is required; one that fails is skipped), and the patterns' finds.
     */
    static Redaction of(DataSource db) {
        Set<String> found = new LinkedHashSet<>();
        for (String getter : PASSWORD_GETTERS) {
            if (property(db, getter) instanceof String password) {
                found.add(password);
            }
        }
        for (String getter : URL_GETTERS) {
            if (property(db, getter) instanceof String url) {
                found.addAll(inUrl(url));
            }
        }
        for (String getter : PROPERTIES_GETTERS) {
            if (property(db, getter) instanceof Map<?, ?> properties) {
                properties.forEach((key, value) -> {
                    if (key instanceof String name && value instanceof String secret && SECRET_KEY.matcher(name).matches()) {
                        found.add(secret);
                    }
                });
            }
        }
        return knowing(found);
    }

    /** The text with every credential masked; {@code null} stays {@code null}. */
    String clean(String text) {
        if (text == null) {
            return null;
        }
        boolean[] masked = new boolean[text.length()];
        int[] secretEnd = new int[text.length() + 1];
        for (Pattern secret : secrets) {
            Matcher m = secret.matcher(text);
            for (int from = 0; from < text.length() && m.find(from); from = m.start() + 1) { // overlapping finds too
                mark(masked, m.start(), m.end());
                secretEnd[m.start()] = Math.max(secretEnd[m.start()], m.end());
            }
        }
        for (Pattern userInfo : List.of(USER_INFO, BARE_USER_INFO, SLASHED)) {
            Matcher m = userInfo.matcher(text);
            while (m.find()) {
                mark(masked, m.start(1), m.end(1));
            }
        }
        Matcher user = USER_PARAMETER.matcher(text);
        while (user.find()) {
            mark(masked, user.start(1), user.end(1));
        }
        Matcher parameter = SECRET_PARAMETER.matcher(text);
        while (parameter.find()) {
            int from = parameter.end();
            mark(masked, from, valueEnd(text, from, secretEnd));
        }
        return masked(text, masked);
    }

    /** An exception's message, cleaned; {@code null} when it has none. */
    String message(Throwable e) {
        return clean(e.getMessage());
    }

    /** Where a credential's value starting at {@code from} ends: a known secret's end, else the text's. */
    private static int valueEnd(String text, int from, int[] secretEnd) {
        return secretEnd[from] > from ? secretEnd[from] : text.length();
    }

    private static void mark(boolean[] masked, int from, int to) {
        for (int i = from; i < to; i++) {
            masked[i] = true;
        }
    }

    private static String masked(String text, boolean[] masked) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            if (!masked[i]) {
                out.append(text.charAt(i));
            } else if (i == 0 || !masked[i - 1]) {
                out.append(MASK);
            }
        }
        return out.toString();
    }

    /**
     * A secret as a pattern that finds it however it is written: each character as itself or as the
     * percent-encoding of its UTF-8 bytes (hex in either case), a space also as {@code +}.
     */
    private static Pattern spellings(String secret) {
        StringBuilder re = new StringBuilder();
        secret.codePoints().forEach(c -> {
            String raw = new String(Character.toChars(c));
            re.append("(?:").append(Pattern.quote(raw)).append('|');
            for (byte b : raw.getBytes(StandardCharsets.UTF_8)) {
                re.append('%').append(eitherCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(eitherCase(Character.forDigit(b & 0xf, 16)));
            }
            re.append(c == ' ' ? "|\\+)" : ")");
        });
        return Pattern.compile(re.toString());
    }

    private static String eitherCase(char hex) {
        return Character.isLetter(hex) ? "[" + hex + Character.toUpperCase(hex) + "]" : String.valueOf(hex);
    }

    /** The credentials a configured URL carries: its user information, the password in it, its credential parameters. */
    private static List<String> inUrl(String url) {
        List<String> found = new ArrayList<>();
        for (Pattern userInfo : List.of(USER_INFO, SLASHED)) {
            Matcher m = userInfo.matcher(url);
            if (m.find()) {
                String info = m.group(1);
                found.add(info);
                int separator = info.indexOf(userInfo == SLASHED ? '/' : ':');
                if (separator >= 0) {
                    found.add(info.substring(separator + 1));
                }
            }
        }
        Matcher parameter = URL_SECRET.matcher(url);
        while (parameter.find()) {
            String value = parameter.group(1);
            found.add(value);
            if (value.startsWith("{") && value.endsWith("}")) {
                found.add(value.substring(1, value.length() - 1).replace("}}", "}"));
            }
        }
        List<String> decoded = new ArrayList<>(found.size());
        for (String value : found) {
            decoded.add(percentDecoded(value));
        }
        found.addAll(decoded);
        return found;
    }

    /** {@code %XX} sequences as the bytes they stand for, read as UTF-8; anything else as it is. */
    private static String percentDecoded(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        byte[] raw = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < raw.length; i++) {
            int hi = i + 2 < raw.length && raw[i] == '%' ? Character.digit(raw[i + 1], 16) : -1;
            int lo = hi >= 0 ? Character.digit(raw[i + 2], 16) : -1;
            if (lo >= 0) {
                bytes.write(hi << 4 | lo);
                i += 2;
            } else {
                bytes.write(raw[i]);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** A public no-argument getter's value, or {@code null} when {@code db} has none or it fails. */
    private static Object property(DataSource db, String getter) {
        try {
            Method m = db.getClass().getMethod(getter);
            return Modifier.isStatic(m.getModifiers()) ? null : m.invoke(db);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }
}
