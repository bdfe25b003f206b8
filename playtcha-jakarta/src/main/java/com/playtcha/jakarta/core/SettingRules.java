package com.playtcha.jakarta.core;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.UnrecoverableKeyException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules of the settings' values. {@link #read} reads a setting's text form, as web.xml, a
 * properties file or the environment write it, into the type its builder method takes: the rules
 * {@link PlaytchaSettings.Builder#set} states. A bare number is refused as a duration: {@code 3}
 * could mean seconds or milliseconds, and a wrong guess is a 1000x error.
 *
 * <p>The others check the settings whose valid values take more than a range to say: the secret, the
 * timeouts (which must fit in one another), the proxy and the trust store (whose parts need one
 * another), the token's field and header, the API URL, the guarded methods and the URL patterns;
 * and the reject status, which a {@link Policy} checks as well. Each returns the value as
 * {@link PlaytchaSettings} keeps it (or nothing, when it keeps it as given). All throw an
 * {@link InvalidSettingException} naming the key and what a valid value looks like.
 */
final class SettingRules {

    /** What the verifier adds to {@code api-url}. */
    static final String VERIFY_PATH = "/v1/verify";
    /** An RFC 9110 token: what a method or a header name is made of. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]+");
    /** A DNS name, an IPv4 address or a bracket-less IPv6 address: no scheme, port, path or user. */
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m)");

    private SettingRules() {
    }

    /**
     * One setting's text, surrounding whitespace ignored, read into the type its builder method
     * takes. Every setting is named, so a new one does not compile until its form is chosen here.
     */
    static Object read(Setting setting, String text) {
        String v = Objects.requireNonNull(text, "text").trim();
        return switch (setting) {
            case SECRET, PROXY_HOST, PROXY_USER, PROXY_PASSWORD, TRUST_STORE_PASSWORD, TRUST_STORE_TYPE, TOKEN_PARAMETER,
                    TOKEN_HEADER -> v;
            case LEDGER_DATASOURCE, CLIENT_BUDGET_CACHE, CLIENT_BUDGET_CACHE_PROVIDER, REDIS_URI -> v.isEmpty() ? null : v;
            case API_URL -> url(v);
            case FAIL_CLOSED -> bool(setting, v) ? FailMode.CLOSED : FailMode.OPEN;
            case MODE -> word(setting, v, "enforce", "observe").equals("enforce") ? Mode.ENFORCE : Mode.OBSERVE;
            case LEDGER_CLAIM_UNAVAILABLE -> word(setting, v, "hold-locally", "refuse").equals("hold-locally");
            case LOGIN_REQUIRE -> word(setting, v, "always", "after-failures").equals("after-failures");
            case LOGIN_ACCOUNT_NAMES -> word(setting, v, "folded", "exact").equals("folded");
            case TIMEOUT, CONNECT_TIMEOUT, LEASE_TIMEOUT, BREAKER_COOL_DOWN, LEDGER_LEASE, LEDGER_RETENTION, CLUSTER_TIMEOUT,
                    CLUSTER_START_TIMEOUT, LOGIN_FAILURE_WINDOW -> duration(setting, v);
            case MAX_CONNECTIONS, PROXY_PORT, BREAKER_FAILURES, BREAKER_PROBES, LEDGER_CAPACITY, CLIENT_BUDGET_PER_MINUTE,
                    CLIENT_BUDGET_BURST, CLIENT_BUDGET_ADDRESSES, REJECT_STATUS, LOGIN_ACCOUNT_FAILURES, LOGIN_CLIENT_FAILURES,
                    LOGIN_ATTACK_FAILURES_PER_MINUTE, TOKEN_SEARCH_MAX_HELD -> whole(setting, v);
            case BREAKER_ENABLED, LEDGER_ENABLED, LEDGER_CREATE_SCHEMA, MANAGED_THREADS, CLIENT_BUDGET_ENABLED, HEALTH_ENABLED,
                    METRICS_ENABLED, LOGIN_OUTSIDE_REQUESTS -> bool(setting, v);
            case TRUST_STORE_PATH, LEDGER_DIRECTORY -> path(setting, v);
            case METHODS -> new LinkedHashSet<>(list(v));
            case URL_PATTERNS -> urlPatterns(list(v));
        };
    }

    /** Whether an on/off setting (its default is true or false; a test keeps it so) is on; see {@link Setting#isOn(String)}. */
    static boolean isOn(Setting setting, String text) {
        if (setting.defaultValue().filter(d -> d.equals("true") || d.equals("false")).isEmpty()) {
            throw new IllegalArgumentException(setting + " is not an on/off setting");
        }
        return bool(setting, Objects.requireNonNull(text, "text").trim());
    }

    /** The items of a list setting's text; see {@link Setting#items(String)}. */
    static List<String> items(Setting setting, String text) {
        List<String> items = list(Objects.requireNonNull(text, "text"));
        return switch (setting) {
            case METHODS -> items;
            case URL_PATTERNS -> urlPatterns(items);
            default -> throw new IllegalArgumentException(setting + " is not a list setting");
        };
    }

    /** {@code <n>ms}, {@code <n>s}, {@code <n>m} with a whole n, or ISO-8601; never a bare number. */
    private static Duration duration(Setting setting, String v) {
        String hint = "use a whole number with a unit, like 250ms, 3s or 1m, or ISO-8601 like PT3S; got '" + v + "'";
        Matcher m = DURATION.matcher(v);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                default -> Duration.ofMinutes(n);
            };
        }
        if (v.matches("\\d+")) {
            throw new InvalidSettingException(setting, "a bare number is ambiguous; " + hint);
        }
        if (v.startsWith("P") || v.startsWith("p")) {
            try {
                return Duration.parse(v);
            } catch (DateTimeParseException e) {
                // reported below with the hint
            }
        }
        throw new InvalidSettingException(setting, "is not a duration; " + hint);
    }

    private static boolean bool(Setting setting, String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw new InvalidSettingException(setting, "must be true, 1, false or 0; got '" + v + "'");
        };
    }

    /** A whole number; the message suggests the default, a port, or two statuses. */
    private static int whole(Setting setting, String v) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            String example = switch (setting) {
                case PROXY_PORT -> "3128";
                case REJECT_STATUS -> "403 or 422";
                default -> setting.defaultValue().orElseThrow();
            };
            throw new InvalidSettingException(setting, "must be a whole number, like " + example + "; got '" + v + "'");
        }
    }

    private static List<String> list(String v) {
        List<String> items = new ArrayList<>();
        for (String item : v.split(",")) {
            if (!item.isBlank()) {
                items.add(item.trim());
            }
        }
        return List.copyOf(items);
    }

    /** One of a setting's two words, in any case, as the lower-case word; the message names both. */
    private static String word(Setting setting, String v, String first, String second) {
        String word = v.toLowerCase(Locale.ROOT);
        if (!word.equals(first) && !word.equals(second)) {
            throw new InvalidSettingException(setting, "must be " + first + " or " + second + "; got '" + v + "'");
        }
        return word;
    }

    private static URI url(String v) {
        try {
            return new URI(v);
        } catch (URISyntaxException e) {
            throw new InvalidSettingException(Setting.API_URL, "must be an absolute http or https URL, like "
                    + "https://api.playtcha.com; got " + shown(v));
        }
    }

    private static Path path(Setting setting, String v) {
        try {
            return Path.of(v);
        } catch (InvalidPathException e) {
            throw new InvalidSettingException(setting, "must be an absolute " + (setting == Setting.TRUST_STORE_PATH
                    ? "file path, like /etc/myapp/proxy-ca.p12" : "directory path, like /var/lib/myapp/playtcha") + "; got '" + v + "'");
        }
    }

    static void secret(String secret) {
        Setting.SECRET.require(secret != null && !secret.isBlank(), "required; set PLAYTCHA_SECRET in the environment "
                + "or the playtcha.secret MicroProfile Config key (a system property where there is no MicroProfile Config)");
        Setting.SECRET.require(secret.chars().allMatch(c -> c > ' ' && c <= '~'), "contains whitespace or characters "
                + "outside visible ASCII; check how it was copied (the value is not shown)");
    }

    /** A client-error status, 400 to 499: what {@code reject-status} and a {@link Policy} accept. */
    static void rejectStatus(int rejectStatus) {
        Setting.REJECT_STATUS.require(rejectStatus >= 400 && rejectStatus <= 499,
                "must be a client-error status from 400 to 499, like 403 or 422; got " + rejectStatus);
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

    /**
     * The proxy: all unset, or a host (no scheme, no port) with its port, and optionally a user with
     * its password. The password is never shown.
     */
    static void proxy(String host, int port, String user, String password) {
        if (host == null) {
            Setting.PROXY_PORT.require(port == 0, "is set but playtcha.proxy.host is not; set both, like "
                    + "playtcha.proxy.host=proxy.example.com and playtcha.proxy.port=3128");
            Setting.PROXY_USER.require(user == null, "is set but playtcha.proxy.host is not; a user is for a proxy, "
                    + "like playtcha.proxy.host=proxy.example.com");
        }
        Setting.PROXY_PASSWORD.require(password == null || user != null, "is set but playtcha.proxy.user is not; "
                + "set the user too, like playtcha.proxy.user=svc-playtcha");
        if (host != null) {
            Setting.PROXY_HOST.require(HOST.matcher(host).matches(), "must be a host name or IP address without scheme "
                    + "or port, like proxy.example.com or 10.0.0.8; got '" + host + "'");
            Setting.PROXY_PORT.require(port >= 1 && port <= 65_535, "must be the proxy's port, from 1 to 65535, like 3128"
                    + (port == 0 ? "; it is required with playtcha.proxy.host" : "; got " + port));
        }
        boolean plain = user == null || !user.isEmpty() && user.indexOf(':') < 0 && user.chars().noneMatch(Character::isISOControl);
        Setting.PROXY_USER.require(plain, "must be a user name without ':' or control characters, like svc-playtcha");
        Setting.PROXY_PASSWORD.require(user == null || password != null, "required with playtcha.proxy.user (the value "
                + "is never shown); set PLAYTCHA_PROXY_PASSWORD or the playtcha.proxy.password key");
    }

    /**
     * Opens the trust store as the transport will, so that a file that cannot be read, a wrong
     * password or a store without certificates fails deployment, not the first verify. Returns
     * {@code null} when no path is set.
     */
    static KeyStore trustStore(Path path, String password, String type) {
        if (path == null) {
            Setting.TRUST_STORE_PASSWORD.require(password == null, "is set but playtcha.trust-store.path is not; set the "
                    + "path too, like playtcha.trust-store.path=/etc/myapp/proxy-ca.p12");
            return null;
        }
        Setting.TRUST_STORE_PATH.require(path.isAbsolute(), "must be an absolute path, like /etc/myapp/proxy-ca.p12; got '" + path + "'");
        KeyStore store;
        try {
            store = KeyStore.getInstance(type);
        } catch (KeyStoreException | NullPointerException e) {
            throw new InvalidSettingException(Setting.TRUST_STORE_TYPE, "must be a trust store format this JVM reads, "
                    + "like PKCS12 or JKS; got '" + type + "'");
        }
        load(store, path, password);
        Setting.TRUST_STORE_PATH.require(hasCertificates(store), "holds no trusted certificate entries (" + path + "); "
                + "import the proxy's CA certificate, or set playtcha.trust-store.password if its certificates are encrypted");
        return store;
    }

    private static void load(KeyStore store, Path path, String password) {
        InputStream in;
        try {
            in = Files.newInputStream(path);
        } catch (IOException | SecurityException e) {
            throw new InvalidSettingException(Setting.TRUST_STORE_PATH, "cannot be read (" + e + "); give a readable "
                    + store.getType() + " file, like /etc/myapp/proxy-ca.p12");
        }
        try (in) {
            store.load(in, password == null ? null : password.toCharArray());
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new InvalidSettingException(Setting.TRUST_STORE_PASSWORD, "does not open " + path
                        + " (wrong password; the value is not shown)");
            }
            throw new InvalidSettingException(Setting.TRUST_STORE_PATH, "is not a readable " + store.getType()
                    + " trust store (" + path + ": " + e.getClass().getSimpleName() + "); set playtcha.trust-store.type, "
                    + "like JKS, if it is another format");
        } catch (GeneralSecurityException e) {
            throw new InvalidSettingException(Setting.TRUST_STORE_PATH, "is not a readable " + store.getType()
                    + " trust store (" + path + ": " + e.getClass().getSimpleName() + ")");
        }
    }

    private static boolean hasCertificates(KeyStore store) {
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (store.isCertificateEntry(alias)) {
                    return true;
                }
            }
            return false;
        } catch (KeyStoreException e) {
            return false;
        }
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
    static String shown(String value) {
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

    /** Positive, and at most {@link PlaytchaSettings#MAX_CLUSTER_TIMEOUT}. */
    static Duration clusterTimeout(Duration timeout) {
        Setting.CLUSTER_TIMEOUT.requirePositive(timeout);
        Setting.CLUSTER_TIMEOUT.require(timeout.compareTo(PlaytchaSettings.MAX_CLUSTER_TIMEOUT) <= 0,
                "must be at most 10s, like 250ms: a request never waits longer for what the cluster shares; got " + timeout);
        return timeout;
    }

    /** Positive, and at most a minute: a start that waits longer meets the load balancer's and the container's probes. */
    static Duration clusterStartTimeout(Duration timeout) {
        Setting.CLUSTER_START_TIMEOUT.requirePositive(timeout);
        Setting.CLUSTER_START_TIMEOUT.require(timeout.compareTo(Duration.ofMinutes(1)) <= 0, "must be at most 1m; got " + timeout);
        return timeout;
    }

    /** A cache's name, and its provider only with a cache (a class that cannot be loaded fails at start-up, naming the key). */
    static void budgetCache(String cache, String provider) {
        Setting.CLIENT_BUDGET_CACHE.require(cache == null || !cache.isBlank(),
                "must be a JCache cache's name, like playtcha-budgets; got an empty name");
        Setting.CLIENT_BUDGET_CACHE_PROVIDER.require(provider == null || cache != null, "names the provider of "
                + "playtcha.client-budget.cache, which is not set: set both, or neither; got '" + provider + "'");
    }

    /** One durable store at most: the journal in a directory, a database, or Redis. */
    static void ledgerStore(java.nio.file.Path directory, String dataSource, PlaytchaSettings.Redis redis) {
        Setting.LEDGER_DATASOURCE.require(dataSource == null || !dataSource.isBlank(),
                "must be a JNDI name, like java:comp/DefaultDataSource; got an empty name");
        Setting.LEDGER_DATASOURCE.require(dataSource == null || !dataSource.matches("(?is)\\s*jdbc:.*|.*://.*"), "must name a DataSource "
                + "(like java:comp/DefaultDataSource, or a bean's name) that the runtime defines, not a database URL (not shown here)");
        Setting.LEDGER_DATASOURCE.require(directory == null || dataSource == null,
                "cannot be set together with playtcha.ledger.directory: the ledger is kept in one place, either a "
                + "database shared by all nodes (like java:comp/DefaultDataSource) or one node's directory; unset one of them");
        Setting.REDIS_URI.require(redis == null || directory == null && dataSource == null,
                "cannot be set together with playtcha.ledger.datasource or playtcha.ledger.directory: what the nodes share is kept "
                + "in one place, Redis or a database (or, not shared, one node's directory); unset one of them; got " + redis);
    }
}
