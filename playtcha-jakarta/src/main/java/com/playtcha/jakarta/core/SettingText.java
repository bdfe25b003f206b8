package com.playtcha.jakarta.core;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A setting's text form, as web.xml, a properties file or the environment write it, read into the
 * typed {@link PlaytchaSettings.Builder}: the rules {@link PlaytchaSettings.Builder#set} states, and
 * so behind every init-param, MicroProfile Config key and environment variable the integrations read.
 * A bare number is refused as a duration: {@code 3} could mean seconds or milliseconds, and a wrong
 * guess is a 1000x error.
 */
final class SettingText {

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m)");

    private SettingText() {
    }

    /**
     * Sets one setting on the builder from its text.
     *
     * @throws InvalidSettingException naming the key and what a valid value looks like
     */
    static PlaytchaSettings.Builder set(PlaytchaSettings.Builder builder, Setting setting, String text) {
        String v = Objects.requireNonNull(text, "text").trim();
        return switch (setting) {
            case SECRET -> builder.secret(v);
            case API_URL -> builder.apiUrl(url(v));
            case FAIL_CLOSED -> builder.failMode(bool(setting, v) ? FailMode.CLOSED : FailMode.OPEN);
            case MODE -> builder.mode(mode(v));
            case TIMEOUT -> builder.timeout(duration(setting, v));
            case CONNECT_TIMEOUT -> builder.connectTimeout(duration(setting, v));
            case MAX_CONNECTIONS -> builder.maxConnections(whole(setting, v, "like 64"));
            case LEASE_TIMEOUT -> builder.leaseTimeout(duration(setting, v));
            case PROXY_HOST, PROXY_PORT, PROXY_USER, PROXY_PASSWORD, TRUST_STORE_PATH, TRUST_STORE_PASSWORD,
                    TRUST_STORE_TYPE, BREAKER_ENABLED, BREAKER_FAILURES, BREAKER_COOL_DOWN, BREAKER_PROBES, LEDGER_ENABLED,
                    LEDGER_DIRECTORY, LEDGER_CAPACITY, LEDGER_DATASOURCE, LEDGER_CREATE_SCHEMA, LEDGER_LEASE,
                    LEDGER_RETENTION, MANAGED_THREADS, CLIENT_BUDGET_ENABLED, CLIENT_BUDGET_PER_MINUTE,
                    CLIENT_BUDGET_BURST, CLIENT_BUDGET_ADDRESSES, HEALTH_ENABLED, METRICS_ENABLED -> setGrouped(builder, setting, v);
            case TOKEN_PARAMETER -> builder.tokenParameter(v);
            case TOKEN_HEADER -> builder.tokenHeader(v);
            case METHODS -> builder.methods(new LinkedHashSet<>(list(v)));
            case REJECT_STATUS -> builder.rejectStatus(whole(setting, v, "like 403 or 422"));
            case URL_PATTERNS -> builder.urlPatterns(list(v));
        };
    }

    /** The settings that belong to a group: egress, breaker, ledger, client budget. */
    private static PlaytchaSettings.Builder setGrouped(PlaytchaSettings.Builder builder, Setting setting, String v) {
        return switch (setting) {
            case PROXY_HOST -> builder.proxyHost(v);
            case PROXY_PORT -> builder.proxyPort(whole(setting, v, "like 3128"));
            case PROXY_USER -> builder.proxyUser(v);
            case PROXY_PASSWORD -> builder.proxyPassword(v);
            case TRUST_STORE_PATH -> builder.trustStorePath(path(setting, v));
            case TRUST_STORE_PASSWORD -> builder.trustStorePassword(v);
            case TRUST_STORE_TYPE -> builder.trustStoreType(v);
            case BREAKER_ENABLED -> builder.breakerEnabled(bool(setting, v));
            case BREAKER_FAILURES -> builder.breakerFailures(whole(setting, v, "like 5"));
            case BREAKER_COOL_DOWN -> builder.breakerCoolDown(duration(setting, v));
            case BREAKER_PROBES -> builder.breakerProbes(whole(setting, v, "like 1"));
            case LEDGER_ENABLED -> builder.ledgerEnabled(bool(setting, v));
            case LEDGER_DIRECTORY -> builder.ledgerDirectory(path(setting, v));
            case LEDGER_CAPACITY -> builder.ledgerCapacity(whole(setting, v, "like 10000"));
            case LEDGER_DATASOURCE -> builder.ledgerDataSource(v.isEmpty() ? null : v);
            case LEDGER_CREATE_SCHEMA -> builder.ledgerCreateSchema(bool(setting, v));
            case LEDGER_LEASE -> builder.ledgerLease(duration(setting, v));
            case LEDGER_RETENTION -> builder.ledgerRetention(duration(setting, v));
            case MANAGED_THREADS -> builder.managedThreads(bool(setting, v));
            case CLIENT_BUDGET_ENABLED -> builder.clientBudgetEnabled(bool(setting, v));
            case CLIENT_BUDGET_PER_MINUTE -> builder.clientBudgetPerMinute(whole(setting, v, "like 120"));
            case CLIENT_BUDGET_BURST -> builder.clientBudgetBurst(whole(setting, v, "like 30"));
            case CLIENT_BUDGET_ADDRESSES -> builder.clientBudgetAddresses(whole(setting, v, "like 100000"));
            case HEALTH_ENABLED -> builder.healthEnabled(bool(setting, v));
            case METRICS_ENABLED -> builder.metricsEnabled(bool(setting, v));
            default -> throw new IllegalArgumentException(setting + " is not a grouped setting");
        };
    }

    /** Whether an on/off setting is on; see {@link Setting#isOn(String)}. */
    static boolean isOn(Setting setting, String text) {
        if (!isOnOff(setting)) {
            throw new IllegalArgumentException(setting + " is not an on/off setting");
        }
        return bool(setting, Objects.requireNonNull(text, "text").trim());
    }

    /** The on/off settings are those whose default is {@code true} or {@code false} (a test keeps it so). */
    static boolean isOnOff(Setting setting) {
        return setting.defaultValue().filter(d -> d.equals("true") || d.equals("false")).isPresent();
    }

    /** The items of a list setting's text; see {@link Setting#items(String)}. */
    static List<String> items(Setting setting, String text) {
        List<String> items = list(Objects.requireNonNull(text, "text"));
        return switch (setting) {
            case METHODS -> items;
            case URL_PATTERNS -> SettingRules.urlPatterns(items);
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

    /** A whole number; {@code example} is what the message suggests, like {@code "like 64"}. */
    private static int whole(Setting setting, String v, String example) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new InvalidSettingException(setting, "must be a whole number, " + example + "; got '" + v + "'");
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

    private static Mode mode(String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "enforce" -> Mode.ENFORCE;
            case "observe" -> Mode.OBSERVE;
            default -> throw new InvalidSettingException(Setting.MODE, "must be enforce or observe; got '" + v + "'");
        };
    }

    private static URI url(String v) {
        try {
            return new URI(v);
        } catch (URISyntaxException e) {
            throw new InvalidSettingException(Setting.API_URL, "must be an absolute http or https URL, like "
                    + "https://api.playtcha.com; got " + SettingRules.shown(v));
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
}
