package com.playtcha.jakarta.core;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules for the settings whose valid values take more than a range to say: the secret, the
 * timeouts (which must fit in one another), the token's field and header, the API URL, the guarded
 * methods and the URL patterns. Each returns the value as {@link PlaytchaSettings} keeps it (or
 * nothing, when it keeps it as given), or throws an {@link InvalidSettingException} naming the key
 * and what a valid value looks like.
 */
final class SettingRules {

    /** What the verifier adds to {@code api-url}. */
    static final String VERIFY_PATH = "/v1/verify";
    /** An RFC 9110 token: what a method or a header name is made of. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]+");

    private SettingRules() {
    }

    static void secret(String secret) {
        Setting.SECRET.require(secret != null && !secret.isBlank(), "required; set PLAYTCHA_SECRET in the environment, "
                + "the playtcha.secret MicroProfile Config key, or the filter's secret init-param");
        Setting.SECRET.require(secret.chars().allMatch(c -> c > ' ' && c <= '~'), "contains whitespace or characters "
                + "outside visible ASCII; check how it was copied (the value is not shown)");
    }

    /** Each positive; connect and lease inside the whole-verify budget. */
    static void timeouts(Duration timeout, Duration connectTimeout, Duration leaseTimeout) {
        Setting.TIMEOUT.requirePositive(timeout);
        Setting.CONNECT_TIMEOUT.requirePositive(connectTimeout);
        Setting.CONNECT_TIMEOUT.require(connectTimeout.compareTo(timeout) <= 0, "must not exceed playtcha.timeout ("
                + timeout.toMillis() + "ms): the connect budget is part of the whole-verify budget; got "
                + connectTimeout.toMillis() + "ms");
        Setting.LEASE_TIMEOUT.requirePositive(leaseTimeout);
        Setting.LEASE_TIMEOUT.require(leaseTimeout.compareTo(timeout) < 0, "must be less than playtcha.timeout ("
                + timeout.toMillis() + "ms), like a tenth of it: the wait for a connection is part of the whole-verify "
                + "budget, and the exchange with Playtcha gets the rest; got " + leaseTimeout.toMillis() + "ms");
    }

    /**
     * An unset default that shrinks to fit a short timeout: {@code fallback}, or {@code timeout / divisor}
     * when that is shorter (the connect budget: all of it; the lease wait: a quarter).
     */
    static Duration atMost(Duration fallback, Duration timeout, int divisor) {
        return timeout != null && timeout.dividedBy(divisor).compareTo(fallback) < 0 ? timeout.dividedBy(divisor) : fallback;
    }

    /** The form field and the header that carry the token. */
    static void tokenSources(String tokenParameter, String tokenHeader) {
        Setting.TOKEN_PARAMETER.require(tokenParameter != null && !tokenParameter.isBlank(),
                "must be a form field name, like playtcha-token");
        Setting.TOKEN_HEADER.require(tokenHeader != null && TOKEN.matcher(tokenHeader).matches(),
                "must be an HTTP header name (letters, digits and -), like Playtcha-Token; got '" + tokenHeader + "'");
    }

    static URI apiUrl(URI url) {
        String example = "an absolute http or https URL without query or fragment, like https://api.playtcha.com";
        Setting.API_URL.require(url != null, "must be " + example);
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        Setting.API_URL.require(url.isAbsolute() && (scheme.equals("http") || scheme.equals("https")) && url.getHost() != null
                && url.getRawQuery() == null && url.getRawFragment() == null && url.getRawUserInfo() == null,
                "must be " + example + "; got " + shown(url.toString()));
        String text = url.toString();
        URI base = text.endsWith("/") ? URI.create(text.substring(0, text.length() - 1)) : url;
        String path = base.getRawPath() == null ? "" : base.getRawPath();
        if (path.toLowerCase(Locale.ROOT).endsWith(VERIFY_PATH)) {
            // What the simulator prints, and what the vendor's docs show: every valid token would be a 404.
            String instead = base.toString().substring(0, base.toString().length() - VERIFY_PATH.length());
            throw new InvalidSettingException(Setting.API_URL, "is the base URL, without " + VERIFY_PATH
                    + " (the verifier adds it); got " + shown(text) + ", use '" + instead + "' instead");
        }
        return base;
    }

    /** Quoted only when it looks like a URL: with PLAYTCHA_API_URL and PLAYTCHA_SECRET swapped, it is the secret. */
    private static String shown(String value) {
        return value.contains("://") ? "'" + value + "'" : "a value that is not a URL (not shown: it may be a secret)";
    }

    static Set<String> methods(Set<String> methods) {
        String valid = "use HTTP method names (letters, digits or !#$%&'*+-.^_`|~), comma-separated, like "
                + "POST,PUT,PATCH,DELETE or POST,PROPFIND, or unsafe alone for every method except GET, HEAD, OPTIONS and TRACE";
        Setting.METHODS.require(methods != null && !methods.isEmpty(), "must list at least one method; " + valid);
        Set<String> upper = new LinkedHashSet<>();
        for (String method : methods) {
            String m = method == null ? "" : method.trim();
            Setting.METHODS.require(TOKEN.matcher(m).matches(), "'" + m + "' is not an HTTP method name; " + valid);
            upper.add(m.equalsIgnoreCase(PlaytchaSettings.UNSAFE) ? PlaytchaSettings.UNSAFE : m.toUpperCase(Locale.ROOT));
        }
        Setting.METHODS.require(!upper.contains(PlaytchaSettings.UNSAFE) || upper.size() == 1, "unsafe stands alone: it already guards "
                + "every method except GET, HEAD, OPTIONS and TRACE; got " + upper);
        return Set.copyOf(upper);
    }

    /** Servlet URL patterns: {@code /exact}, {@code /prefix/*}, {@code *.extension} or {@code /}. */
    static List<String> urlPatterns(List<String> patterns) {
        for (String p : Objects.requireNonNull(patterns, "urlPatterns")) {
            Setting.URL_PATTERNS.require(p.startsWith("/") ? p.indexOf('*') < 0 || p.endsWith("/*") && p.indexOf('*') == p.length() - 1
                    : p.startsWith("*.") && p.length() > 2 && p.indexOf('/') < 0 && p.lastIndexOf('*') == 0,
                    "'" + p + "' is not a servlet URL pattern; use /exact, /prefix/* or *.extension, comma-separated");
        }
        return List.copyOf(patterns);
    }

    /** One durable store at most: the journal in a directory, or a database, not both. */
    static void ledgerStore(java.nio.file.Path directory, String dataSource) {
        Setting.LEDGER_DATASOURCE.require(dataSource == null || !dataSource.isBlank(),
                "must be a JNDI name, like java:comp/DefaultDataSource; got an empty name");
        Setting.LEDGER_DATASOURCE.require(directory == null || dataSource == null,
                "cannot be set together with playtcha.ledger.directory: the ledger is kept in one place, either a "
                + "database shared by all nodes (like java:comp/DefaultDataSource) or one node's directory; unset one of them");
    }
}
