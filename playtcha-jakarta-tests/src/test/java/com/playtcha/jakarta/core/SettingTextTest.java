package com.playtcha.jakarta.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Settings from their text form, as web.xml, properties files and the environment write them. */
class SettingTextTest {

    private static final String SECRET = "sk_test_0123456789abcdef";
    /** The settings without a default besides the secret: none of them is set unless given. */
    private static final Set<Setting> WITHOUT_DEFAULT = EnumSet.of(Setting.PROXY_HOST, Setting.PROXY_PORT,
            Setting.PROXY_USER, Setting.PROXY_PASSWORD, Setting.TRUST_STORE_PATH, Setting.TRUST_STORE_PASSWORD,
            Setting.LEDGER_DIRECTORY, Setting.LEDGER_DATASOURCE, Setting.CLIENT_BUDGET_CACHE, Setting.CLIENT_BUDGET_CACHE_PROVIDER, Setting.REDIS_URI,
            Setting.URL_PATTERNS);

    /** A builder with the secret and these settings set from text, in order: setting, text, setting, text... */
    static PlaytchaSettings.Builder text(Object... settingsAndTexts) {
        PlaytchaSettings.Builder builder = PlaytchaSettings.builder(SECRET);
        for (int i = 0; i < settingsAndTexts.length; i += 2) {
            builder.set((Setting) settingsAndTexts[i], (String) settingsAndTexts[i + 1]);
        }
        return builder;
    }

    /** The builder's typed defaults and Setting's text defaults are two spellings of one default. */
    @Test
    void typedDefaults_areTheDeclaredTextDefaults() {
        PlaytchaSettings typed = PlaytchaSettings.builder(SECRET).build();
        for (Setting setting : Setting.values()) {
            if (setting == Setting.SECRET) {
                InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> PlaytchaSettings.builder().build());
                assertEquals(Setting.SECRET, e.setting(), "the secret has no default");
            } else if (setting.defaultValue().isPresent()) {
                assertEquals(typed, text(setting, setting.defaultValue().get()).build(), setting::key);
            } else {
                assertTrue(WITHOUT_DEFAULT.contains(setting), setting + " has no default");
            }
        }
        assertEquals(PlaytchaSettings.Proxy.NONE, typed.proxy());
        assertEquals(PlaytchaSettings.TrustStore.NONE, typed.trustStore());
        assertNull(typed.ledger().directory());
        assertNull(typed.ledger().dataSource());
        assertEquals(List.of(), typed.urlPatterns());
    }

    @Test
    void unsetLeaseTimeout_shrinksToAQuarterOfAShortTimeout_butAnExplicitOneMustBeShorter() {
        assertEquals(Duration.ofMillis(25), text(Setting.TIMEOUT, "100ms").build().leaseTimeout());
        assertEquals(Duration.ofMillis(250), text(Setting.TIMEOUT, "1s").build().leaseTimeout());
        assertThrows(InvalidSettingException.class, () -> text(Setting.TIMEOUT, "1s", Setting.LEASE_TIMEOUT, "1s").build());
        assertEquals(Duration.ofSeconds(2), text(Setting.LEASE_TIMEOUT, "2s").build().leaseTimeout());
        assertThrows(InvalidSettingException.class, () -> text(Setting.TIMEOUT, "100ms", Setting.LEASE_TIMEOUT, "250ms").build());
    }

    @Test
    void breakerSettings_areReadFromTheirKeys() {
        PlaytchaSettings s = text(Setting.BREAKER_ENABLED, "0", Setting.BREAKER_FAILURES, "3",
                Setting.BREAKER_COOL_DOWN, "PT30S", Setting.BREAKER_PROBES, "2").build();

        assertEquals(new PlaytchaSettings.Breaker(false, 3, Duration.ofSeconds(30), 2), s.breaker());
    }

    @Test
    void ledgerSettings_areReadFromTheirKeys() {
        PlaytchaSettings s = text(Setting.LEDGER_ENABLED, "false", Setting.LEDGER_DIRECTORY, " /var/lib/app/playtcha ",
                Setting.LEDGER_CAPACITY, "50").build();

        assertEquals(new PlaytchaSettings.Ledger(false, java.nio.file.Path.of("/var/lib/app/playtcha"), 50, null, true,
                Duration.ofSeconds(30), Duration.ofDays(7), true, null), s.ledger());
    }

    @Test
    void ledgerDatabaseSettings_areReadFromTheirKeys() {
        PlaytchaSettings s = text(Setting.LEDGER_DATASOURCE, " java:comp/DefaultDataSource ", Setting.LEDGER_CREATE_SCHEMA, "0",
                Setting.LEDGER_LEASE, "10s", Setting.LEDGER_RETENTION, "P1D", Setting.LEDGER_CLAIM_UNAVAILABLE, " Refuse ").build();

        assertEquals(new PlaytchaSettings.Ledger(true, null, 10_000, "java:comp/DefaultDataSource", false,
                Duration.ofSeconds(10), Duration.ofDays(1), false, null), s.ledger());
        assertTrue(s.ledger().durable());
    }

    @Test
    void badLedgerDatabaseSettings_failNamingTheKeyAndAValidExample() {
        InvalidSettingException lease = assertThrows(InvalidSettingException.class, () -> text(Setting.LEDGER_LEASE, "30").build());
        assertTrue(lease.getMessage().startsWith("playtcha.ledger.lease") && lease.getMessage().contains("like 250ms, 3s"),
                lease.getMessage());
        InvalidSettingException retention = assertThrows(InvalidSettingException.class,
                () -> text(Setting.LEDGER_RETENTION, "0s").build());
        assertTrue(retention.getMessage().startsWith("playtcha.ledger.retention") && retention.getMessage().contains("like"),
                retention.getMessage());
        InvalidSettingException both = assertThrows(InvalidSettingException.class, () -> text(Setting.LEDGER_DATASOURCE,
                "java:comp/DefaultDataSource", Setting.LEDGER_DIRECTORY, "/var/lib/app/playtcha").build());
        assertTrue(both.getMessage().startsWith("playtcha.ledger.datasource") && both.getMessage().contains("playtcha.ledger.directory")
                && both.getMessage().contains("like java:comp/DefaultDataSource"), both.getMessage());
        InvalidSettingException schema = assertThrows(InvalidSettingException.class,
                () -> text(Setting.LEDGER_CREATE_SCHEMA, "yes").build());
        assertTrue(schema.getMessage().startsWith("playtcha.ledger.create-schema"), schema.getMessage());
    }

    /**
     * A database's URL where its DataSource's name belongs (what {@code spring.datasource.url} holds): the start fails
     * naming the key and what to give instead, and the URL, which may hold the database's password, shows nowhere.
     * Before, the settings' {@code toString()} and the lookup's failure printed it whole.
     */
    @ParameterizedTest
    @ValueSource(strings = {"jdbc:postgresql://db.internal:5432/app?user=playtcha&password=Db-Secret-71",
            "jdbc:postgresql://playtcha:Db-Secret-71@db.internal:5432/app", "postgresql://playtcha:Db-Secret-71@db.internal/app"})
    void aDatabaseUrlForTheDataSourceName_failsNamingTheKey_withoutItsPassword(String url) {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> text(Setting.LEDGER_DATASOURCE, url).build());
        assertEquals(Setting.LEDGER_DATASOURCE, e.setting());
        assertTrue(e.getMessage().contains("like java:comp/DefaultDataSource") && e.getMessage().contains("not a database URL"),
                e.getMessage());
        assertFalse(e.getMessage().contains("Db-Secret-71"), e.getMessage());
    }

    @Test
    void clientBudgetSettings_areReadFromTheirKeys() {
        PlaytchaSettings s = text(Setting.CLIENT_BUDGET_ENABLED, "0", Setting.CLIENT_BUDGET_PER_MINUTE, " 600 ",
                Setting.CLIENT_BUDGET_BURST, "10", Setting.CLIENT_BUDGET_ADDRESSES, "5000").build();

        assertEquals(new PlaytchaSettings.ClientBudget(false, 600, 10, 5_000), s.clientBudget());
    }

    @Test
    void loginSettings_areReadFromTheirKeys_andDefaultToAlways() {
        assertEquals(new PlaytchaSettings.Login(false, 3, 10, Duration.ofMinutes(15), 100), text().build().login());
        PlaytchaSettings s = text(Setting.LOGIN_REQUIRE, "After-Failures", Setting.LOGIN_ACCOUNT_FAILURES, "5",
                Setting.LOGIN_CLIENT_FAILURES, "20", Setting.LOGIN_FAILURE_WINDOW, "PT1H",
                Setting.LOGIN_ATTACK_FAILURES_PER_MINUTE, "50", Setting.LOGIN_ACCOUNT_NAMES, "Exact").build();

        assertEquals(new PlaytchaSettings.Login(true, 5, 20, Duration.ofHours(1), 50, false), s.login());
    }

    @Test
    void healthEnabled_isReadFromItsKey_andABadValueNamesTheKeyAndAValidOne() {
        assertEquals(new PlaytchaSettings.Health(true), text().build().health(), "on by default");
        assertEquals(new PlaytchaSettings.Health(false), text(Setting.HEALTH_ENABLED, "0").build().health());

        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> text(Setting.HEALTH_ENABLED, "off"));
        assertEquals(Setting.HEALTH_ENABLED, e.setting());
        assertTrue(e.getMessage().contains("playtcha.health.enabled") && e.getMessage().contains("true"), e.getMessage());
    }

    @Test
    void metricsEnabled_isReadFromItsKey_andABadValueNamesTheKeyAndAValidOne() {
        assertTrue(text().build().metrics(), "on by default");
        assertFalse(text(Setting.METRICS_ENABLED, "0").build().metrics());
        assertFalse(text(Setting.METRICS_ENABLED, "false").build().metrics());

        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> text(Setting.METRICS_ENABLED, "no"));
        assertEquals(Setting.METRICS_ENABLED, e.setting());
        assertTrue(e.getMessage().contains("playtcha.metrics.enabled") && e.getMessage().contains("true"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"250ms, PT0.25S", "3s, PT3S", "2m, PT2M", "PT3S, PT3S", "pt1.5s, PT1.5S", "' 5s ', PT5S"})
    void durations_acceptUnitsAndIso8601(String text, String expected) {
        PlaytchaSettings s = text(Setting.TIMEOUT, text).build();

        assertEquals(Duration.parse(expected), s.timeout());
    }

    @Test
    void unsetConnectTimeout_shrinksToAShortTimeout_butAnExplicitOneMustFit() {
        assertEquals(Duration.ofMillis(250), text(Setting.TIMEOUT, "250ms").build().connectTimeout());
        assertThrows(InvalidSettingException.class, () -> text(Setting.TIMEOUT, "250ms", Setting.CONNECT_TIMEOUT, "1s").build());
    }

    @ParameterizedTest
    @CsvSource({"true, CLOSED", "1, CLOSED", "TRUE, CLOSED", "false, OPEN", "0, OPEN", "False, OPEN"})
    void failClosed_acceptsTrueOneFalseZero(String text, FailMode expected) {
        assertEquals(expected, text(Setting.FAIL_CLOSED, text).build().failMode());
    }

    @Test
    void methods_areUpperCased_andApiUrlLosesItsTrailingSlash() {
        PlaytchaSettings s = text(Setting.METHODS, "post, put", Setting.API_URL, "http://127.0.0.1:8080/").build();

        assertEquals(Set.of("POST", "PUT"), s.methods());
        assertEquals(URI.create("http://127.0.0.1:8080/v1/verify"), s.verifyUrl());
    }

    @Test
    void customMethodsAndAnyCase_areAccepted_andStoredUpperCase() {
        PlaytchaSettings s = text(Setting.METHODS, "post, PROPFIND, x-Purge, M-SEARCH").build();

        assertEquals(Set.of("POST", "PROPFIND", "X-PURGE", "M-SEARCH"), s.methods());
    }

    @Test
    void unsafe_inAnyCaseAndSpacing_isTheOneWordThatGuardsAllButTheSafeMethods() {
        // Which methods it then guards is the typed settings' table (PlaytchaSettingsTest).
        assertEquals(Set.of(PlaytchaSettings.UNSAFE), text(Setting.METHODS, " Unsafe ").build().methods());
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://api.playtcha.com/v1", "https://api.playtcha.com/v1/verifyx", "https://proxy.example/v1/verify/x"})
    void apiUrlNearTheVerifyPath_isABaseUrl(String url) {
        PlaytchaSettings s = text(Setting.API_URL, url).build();

        assertEquals(URI.create(url + "/v1/verify"), s.verifyUrl());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            playtcha.timeout          | 3           | a bare number is ambiguous; use a whole number with a unit, like 250ms, 3s or 1m, or ISO-8601 like PT3S; got '3'
            playtcha.timeout          | 3 seconds   | is not a duration; use a whole number with a unit
            playtcha.timeout          | 1.5s        | is not a duration
            playtcha.timeout          | -3s         | is not a duration
            playtcha.timeout          | 0s          | must be a positive duration
            playtcha.timeout          | PT-1S       | must be a positive duration
            playtcha.connect-timeout  | 5s          | must not exceed playtcha.timeout (3000ms)
            playtcha.connect-timeout  | P         | is not a duration
            playtcha.fail-closed      | yes         | must be true, 1, false or 0; got 'yes'
            playtcha.mode             | block       | must be enforce or observe; got 'block'
            playtcha.ledger.claim-unavailable | pass | must be hold-locally or refuse; got 'pass'
            playtcha.max-connections  | 0           | must be a whole number from 1 to 10000; got 0
            playtcha.max-connections  | lots        | must be a whole number, like 64; got 'lots'
            playtcha.max-connections  | 10001       | must be a whole number from 1 to 10000
            playtcha.reject-status    | 200         | must be a client-error status from 400 to 499, like 403 or 422; got 200
            playtcha.reject-status    | 503         | must be a client-error status from 400 to 499
            playtcha.reject-status    | forbidden   | must be a whole number, like 403 or 422
            playtcha.api-url          | ftp://x     | must be an absolute http or https URL without query or fragment, like https://api.playtcha.com; got 'ftp://x'
            playtcha.api-url          | api.playtcha.com | must be an absolute http or https URL
            playtcha.api-url          | https://api.playtcha.com?x=1 | without query or fragment
            playtcha.api-url          | http://[bad  | must be an absolute http or https URL
            playtcha.methods          | POST,FE TCH | 'FE TCH' is not an HTTP method name; use HTTP method names (letters, digits or
            playtcha.methods          | POST;PUT    | 'POST;PUT' is not an HTTP method name
            playtcha.methods          | P(O)ST      | is not an HTTP method name
            playtcha.methods          | PÖST        | is not an HTTP method name
            playtcha.methods          | ,           | must list at least one method; use HTTP method names
            playtcha.methods          | unsafe,POST | unsafe stands alone
            playtcha.api-url          | http://127.0.0.1:8089/v1/verify | is the base URL, without /v1/verify (the verifier adds it); got 'http://127.0.0.1:8089/v1/verify', use 'http://127.0.0.1:8089' instead
            playtcha.api-url          | https://api.playtcha.com/v1/verify/ | use 'https://api.playtcha.com' instead
            playtcha.api-url          | https://proxy.example/playtcha/V1/Verify | use 'https://proxy.example/playtcha' instead
            playtcha.token-header     | Playtcha Token | must be an HTTP header name
            playtcha.token-parameter  | ' '         | must be a form field name
            playtcha.lease-timeout    | 5s          | must be less than playtcha.timeout (3000ms)
            playtcha.lease-timeout    | 3s          | must be less than playtcha.timeout (3000ms)
            playtcha.lease-timeout    | 250         | a bare number is ambiguous
            playtcha.lease-timeout    | 0ms         | must be a positive duration
            playtcha.breaker.enabled  | on          | must be true, 1, false or 0; got 'on'
            playtcha.breaker.failures | 0           | must be a whole number from 1 to 1000, like 5; got 0
            playtcha.breaker.failures | five        | must be a whole number, like 5; got 'five'
            playtcha.breaker.cool-down | 10         | a bare number is ambiguous
            playtcha.breaker.cool-down | 0s         | must be a positive duration
            playtcha.breaker.probes   | 0           | must be a whole number from 1 to 1000, like 1; got 0
            playtcha.breaker.probes   | 1001        | must be a whole number from 1 to 1000
            playtcha.ledger.enabled   | yes         | must be true, 1, false or 0; got 'yes'
            playtcha.ledger.directory | relative/dir | must be an absolute path, like /var/lib/myapp/playtcha; got 'relative/dir'
            playtcha.ledger.capacity  | 0           | must be a whole number from 1 to 1000000, like 10000; got 0
            playtcha.ledger.capacity  | 1000001     | must be a whole number from 1 to 1000000, like 10000; got 1000001
            playtcha.ledger.capacity  | many        | must be a whole number, like 10000; got 'many'
            playtcha.managed-threads  | auto        | must be true, 1, false or 0; got 'auto'
            playtcha.client-budget.enabled    | on    | must be true, 1, false or 0; got 'on'
            playtcha.client-budget.per-minute | 2/s   | must be a whole number, like 120; got '2/s'
            playtcha.client-budget.per-minute | 0     | must be a whole number from 1 to 60000000, like 120; got 0
            playtcha.client-budget.per-minute | 1e9   | must be a whole number, like 120; got '1e9'
            playtcha.client-budget.burst      | -1    | must be a whole number from 1 to 1000000, like 30; got -1
            playtcha.client-budget.burst      | ten   | must be a whole number, like 30; got 'ten'
            playtcha.client-budget.addresses  | 0     | must be a whole number from 1 to 1000000, like 100000; got 0
            playtcha.client-budget.addresses  | 1000001 | must be a whole number from 1 to 1000000, like 100000; got 1000001
            playtcha.client-budget.addresses  | 1e6   | must be a whole number, like 100000; got '1e6'
            playtcha.client-budget.addresses  | 99999999999 | must be a whole number, like 100000; got '99999999999'
            playtcha.login.require            | sometimes | must be always or after-failures; got 'sometimes'
            playtcha.login.account-failures   | 0     | must be a whole number from 1 to 100, like 3; got 0
            playtcha.login.account-failures   | 101   | must be a whole number from 1 to 100, like 3; got 101
            playtcha.login.account-names      | lower | must be folded or exact; got 'lower'
            playtcha.login.account-failures   | three | must be a whole number, like 3; got 'three'
            playtcha.login.client-failures    | 101   | must be a whole number from 1 to 100, like 10; got 101
            playtcha.login.failure-window     | 15    | a bare number is ambiguous
            playtcha.login.failure-window     | 30s   | must be from 1 minute to 1 day, like 15m or PT15M; got PT30S
            playtcha.login.failure-window     | P2D   | must be from 1 minute to 1 day, like 15m or PT15M; got PT48H
            playtcha.login.attack-failures-per-minute | 0 | must be a whole number from 1 to 1000000, like 100; got 0
            playtcha.token-search.max-held    | 32MiB | must be a whole number, like 33554432; got '32MiB'
            """)
    void invalidValue_failsWithTheKeyAndWhatIsValid(String key, String value, String message) {
        Setting setting = Arrays.stream(Setting.values()).filter(s -> s.key().equals(key)).findFirst().orElseThrow();

        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> text(setting, value).build());

        assertEquals(setting, e.setting());
        assertTrue(e.getMessage().startsWith(key + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(message), () -> "'" + e.getMessage() + "' lacks '" + message + "'");
    }

    @Test
    void apiUrlHoldingASecret_isNotEchoed() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> text(Setting.API_URL, SECRET).build());

        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
        assertTrue(e.getMessage().startsWith("playtcha.api-url: "), e.getMessage());
    }

    @Test
    void unparsableApiUrlHoldingASecret_isNotEchoed() {
        String secret = "sk_live_[0123456789";

        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> text(Setting.API_URL, secret));

        assertFalse(e.getMessage().contains(secret), e.getMessage());
        assertTrue(e.getMessage().startsWith("playtcha.api-url: must be an absolute http or https URL"), e.getMessage());
    }

    /** {@link Setting#isOn} answers for exactly the settings that the builder reads as true/1/false/0. */
    @Test
    void isOn_readsTheSettingsTheBuilderReadsAsOnOff_andRefusesTheOthers() {
        for (Setting setting : Setting.values()) {
            boolean builderReadsOnOff;
            try {
                text(setting, "maybe");
                builderReadsOnOff = false;
            } catch (InvalidSettingException e) {
                builderReadsOnOff = e.getMessage().contains("must be true, 1, false or 0");
            }
            if (builderReadsOnOff) {
                assertTrue(setting.isOn(" 1 "), setting::key);
                assertTrue(setting.isOn("TRUE"), setting::key);
                assertFalse(setting.isOn("0"), setting::key);
                assertFalse(setting.isOn("False"), setting::key);
                InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> setting.isOn("yes"));
                assertEquals("" + setting + ": must be true, 1, false or 0; got 'yes'", e.getMessage());
            } else {
                assertThrows(IllegalArgumentException.class, () -> setting.isOn("true"), setting::key);
            }
        }
    }

    @Test
    void items_ofMethods_areAsWritten_andOnlyListSettingsHaveItems() {
        assertEquals(List.of("post", "PURGE"), Setting.METHODS.items(" post,, PURGE "));
        assertEquals(Set.of("POST", "PURGE"), text(Setting.METHODS, " post,, PURGE ").build().methods());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Setting.TIMEOUT.items("3s"));
        assertFalse(e instanceof InvalidSettingException, "a programming error, not a setting's");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/signup/*", "/contact", "*.do", "/", "/a/b/*"})
    void validUrlPatterns_areKept(String pattern) {
        assertEquals(List.of(pattern), Setting.URL_PATTERNS.items(pattern));
    }

    @Test
    void urlPatterns_areCommaSeparated_andEmptyItemsDropped() {
        assertEquals(List.of("/signup/*", "/contact"), Setting.URL_PATTERNS.items(" /signup/* ,, /contact, "));
        assertEquals(List.of("/signup/*"), text(Setting.URL_PATTERNS, "/signup/*").build().urlPatterns());
    }

    @ParameterizedTest
    @ValueSource(strings = {"signup", "/signup*", "/*/x", "*.", "*.do/x", "/a/*/b/*", "**.do"})
    void invalidUrlPattern_failsNamingTheKey(String pattern) {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> Setting.URL_PATTERNS.items("/ok/*, " + pattern));

        assertEquals(Setting.URL_PATTERNS, e.setting());
        assertTrue(e.getMessage().contains("'" + pattern + "' is not a servlet URL pattern"), e.getMessage());
    }
}
