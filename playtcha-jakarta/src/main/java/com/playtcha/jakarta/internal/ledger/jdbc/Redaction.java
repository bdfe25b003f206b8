package com.playtcha.jakarta.internal.ledger.jdbc;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Takes credentials out of a database's own words before they reach a log line, an exception or the
 * status. Drivers and pools quote the connect URL when it is wrong or the server is away, and the URL
 * may carry the password: Tomcat's DBCP 2 says {@code Cannot create JDBC driver of class
 * 'org.postgresql.Driver' for connect URL 'jdbc:postgresql://127.0.0.1:5432/app?user=app&password=hunter2'}.
 * What stays is what an operator needs to find the fault: the host, the port, the database.
 *
 * <p>What is masked (as {@value #MASK}):
 * <ul>
 * <li>the user information of any URL: {@code postgresql://app:hunter2@db/app} becomes
 *     {@code postgresql://****@db/app}; Oracle's {@code jdbc:oracle:thin:scott/tiger@db} becomes
 *     {@code jdbc:oracle:thin:****@db};</li>
 * <li>the value of a parameter named like a credential, in a query ({@code ?user=app&password=x}),
 *     a property list ({@code ;password=x;}, SQL Server's {@code ;password={x;y}}) or prose
 *     ({@code password: x}): {@code user}, {@code username}, {@code uid}, {@code userid} and any name
 *     that contains {@code password}, {@code passwd}, {@code pwd}, {@code secret}, {@code token},
 *     {@code credential} or ends in {@code key} ({@code sslkey}, {@code sslpassword}).</li>
 * </ul>
 * A user name is masked too: with the host it halves a guess, and no fault needs it to be found.
 * The cleaning is by pattern, so it errs towards masking: a message that says {@code key=value} of
 * something harmless loses the value.
 */
final class Redaction {

    static final String MASK = "****";

    /** {@code scheme://user[:password]@}: the user information of a URL, up to the last {@code @} before the path. */
    private static final Pattern USER_INFO = Pattern.compile("(?i)([a-z][a-z0-9+.-]*://)[^/\\s'\"?#]*@");
    /** Oracle's thin form, {@code jdbc:oracle:thin:user/password@host}. */
    private static final Pattern SLASHED = Pattern.compile("(?i)(jdbc:oracle:[a-z]+:)[^@\\s'\"/]*/[^@\\s'\"]*@");
    private static final String NAME = "(?:[a-z0-9_.-]*(?:password|passwd|pwd|secret|token|credential)[a-z0-9_.-]*"
            + "|[a-z0-9_.-]*key|user|username|user[ _]?id|uid)";
    /** {@code name=value} or {@code name: value}, the value up to a separator, or braced or quoted as a whole. */
    private static final Pattern PARAMETER = Pattern.compile("(?i)(?<![a-z0-9_.-])(" + NAME + ")(\\s*[=:]\\s*)"
            + "(\\{[^}]*}|'[^']*'|\"[^\"]*\"|[^&;,\\s'\")]+)");

    private Redaction() {
    }

    /** The text with every credential masked; {@code null} stays {@code null}. */
    static String clean(String text) {
        if (text == null) {
            return null;
        }
        String cleaned = USER_INFO.matcher(text).replaceAll("$1" + MASK + "@");
        cleaned = SLASHED.matcher(cleaned).replaceAll("$1" + MASK + "@");
        Matcher m = PARAMETER.matcher(cleaned);
        StringBuilder out = new StringBuilder(cleaned.length());
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + m.group(2) + MASK));
        }
        return m.appendTail(out).toString();
    }

    /** An exception's message, cleaned; {@code null} when it has none. */
    static String message(Throwable e) {
        return clean(e.getMessage());
    }
}
