package com.playtcha.jakarta.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The typed settings and their checks. Text forms (durations, booleans, lists, every invalid value
 * with its message), read by {@code Builder.set}, are tested in {@link SettingTextTest}.
 */
class PlaytchaSettingsTest {

    private static final String SECRET = "sk_test_0123456789abcdef";

    @Test
    void defaults_areTheDeclaredOnes() {
        PlaytchaSettings s = PlaytchaSettings.builder(SECRET).build();

        assertEquals(URI.create("https://api.playtcha.com"), s.apiUrl());
        assertEquals(URI.create("https://api.playtcha.com/v1/verify"), s.verifyUrl());
        assertEquals(FailMode.OPEN, s.failMode());
        assertEquals(Mode.ENFORCE, s.mode());
        assertEquals(Duration.ofSeconds(3), s.timeout());
        assertEquals(Duration.ofSeconds(1), s.connectTimeout());
        assertEquals(64, s.maxConnections());
        assertEquals("playtcha-token", s.tokenParameter());
        assertEquals("Playtcha-Token", s.tokenHeader());
        assertEquals(Set.of("POST", "PUT", "PATCH", "DELETE"), s.methods());
        assertEquals(403, s.rejectStatus());
        assertEquals(List.of(), s.urlPatterns());
        assertEquals(Duration.ofMillis(250), s.leaseTimeout());
        assertEquals(new PlaytchaSettings.Breaker(true, 5, Duration.ofSeconds(10), 1), s.breaker());
        assertEquals(new PlaytchaSettings.Ledger(true, null, 10_000, null, true, Duration.ofSeconds(30),
                Duration.ofDays(7), true, null), s.ledger());
        assertEquals(new PlaytchaSettings.ClientBudget(true, 120, 30, 100_000), s.clientBudget());
    }

    @Test
    void unsetLeaseTimeout_shrinksToAQuarterOfAShortTimeout_butAnExplicitOneMustBeShorter() {
        assertEquals(Duration.ofMillis(25), builder().timeout(Duration.ofMillis(100)).build().leaseTimeout());
        assertEquals(Duration.ofMillis(250), builder().timeout(Duration.ofSeconds(1)).build().leaseTimeout());
        assertThrows(InvalidSettingException.class,
                () -> builder().timeout(Duration.ofSeconds(1)).leaseTimeout(Duration.ofSeconds(1)).build());
        assertEquals(Duration.ofSeconds(2), builder().leaseTimeout(Duration.ofSeconds(2)).build().leaseTimeout());
        assertThrows(InvalidSettingException.class,
                () -> builder().timeout(Duration.ofMillis(100)).leaseTimeout(Duration.ofMillis(250)).build());
    }

    @Test
    void unsetConnectTimeout_shrinksToAShortTimeout_butAnExplicitOneMustFit() {
        assertEquals(Duration.ofMillis(250), builder().timeout(Duration.ofMillis(250)).build().connectTimeout());
        assertThrows(InvalidSettingException.class,
                () -> builder().timeout(Duration.ofMillis(250)).connectTimeout(Duration.ofSeconds(1)).build());
    }

    @Test
    void breakerAndLedgerParts_setOneByOne_orAllAtOnce() {
        PlaytchaSettings.Breaker breaker = new PlaytchaSettings.Breaker(false, 3, Duration.ofSeconds(30), 2);
        PlaytchaSettings.Ledger ledger = new PlaytchaSettings.Ledger(false, Path.of("/var/lib/app/playtcha"), 50, null, true,
                Duration.ofSeconds(30), Duration.ofDays(7), false, null);

        assertEquals(breaker, builder().breaker(breaker).build().breaker());
        assertEquals(breaker, builder().breakerEnabled(false).breakerFailures(3).breakerCoolDown(Duration.ofSeconds(30))
                .breakerProbes(2).build().breaker());
        assertEquals(ledger, builder().ledger(ledger).build().ledger());
        assertEquals(ledger, builder().ledgerEnabled(false).ledgerDirectory(Path.of("/var/lib/app/playtcha"))
                .ledgerCapacity(50).ledgerHoldLocally(false).build().ledger());
        assertTrue(builder().ledgerDirectory(Path.of("/var/lib/app/playtcha")).build().ledger().durable());
    }

    @Test
    void clientBudget_setOneByOne_orAllAtOnce() {
        PlaytchaSettings.ClientBudget budget = new PlaytchaSettings.ClientBudget(false, 600, 10, 5_000);

        assertEquals(budget, builder().clientBudget(budget).build().clientBudget());
        assertEquals(budget, builder().clientBudgetEnabled(false).clientBudgetPerMinute(600).clientBudgetBurst(10)
                .clientBudgetAddresses(5_000).build().clientBudget());
        assertTrue(builder().build().toString().contains("clientBudget=ClientBudget[enabled=true, perMinute=120, burst=30, "
                + "addresses=100000, cache=null, cacheProvider=null]"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            per-minute 0        | 0        | 30      | 100000   | playtcha.client-budget.per-minute: must be a whole number from 1 to 60000000, like 120; got 0
            per-minute too many | 60000001 | 30      | 100000   | playtcha.client-budget.per-minute: must be a whole number from 1 to 60000000
            burst 0             | 120      | 0       | 100000   | playtcha.client-budget.burst: must be a whole number from 1 to 1000000, like 30; got 0
            burst too big       | 120      | 1000001 | 100000   | playtcha.client-budget.burst: must be a whole number from 1 to 1000000
            addresses 0         | 120      | 30      | 0        | playtcha.client-budget.addresses: must be a whole number from 1 to 1000000, like 100000; got 0
            addresses too many  | 120      | 30      | 1000001  | playtcha.client-budget.addresses: must be a whole number from 1 to 1000000, like 100000; got 1000001
            """)
    void clientBudgetOutOfRange_failsNamingTheKey(String row, int perMinute, int burst, int addresses, String message) {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> builder().clientBudgetPerMinute(perMinute).clientBudgetBurst(burst).clientBudgetAddresses(addresses).build());

        assertTrue(e.getMessage().startsWith(message), e.getMessage());
        assertTrue(e.setting().key().startsWith("playtcha.client-budget."), e.setting()::key);
    }

    @Test
    void clientBudgetBounds_areAccepted() {
        assertEquals(new PlaytchaSettings.ClientBudget(true, 1, 1, 1), builder().clientBudgetPerMinute(1).clientBudgetBurst(1)
                .clientBudgetAddresses(1).build().clientBudget());
        assertEquals(new PlaytchaSettings.ClientBudget(true, 60_000_000, 1_000_000, 1_000_000), builder()
                .clientBudgetPerMinute(60_000_000).clientBudgetBurst(1_000_000).clientBudgetAddresses(1_000_000).build()
                .clientBudget());
        assertEquals(1_000_000, PlaytchaSettings.ClientBudget.MAX_ADDRESSES);
    }

    @Test
    void clientBudgetCache_isANameWithAnOptionalProviderClass_andBlankTextLeavesItUnset() {
        PlaytchaSettings.ClientBudget budget = builder().clientBudgetCache("playtcha-budgets")
                .clientBudgetCacheProvider("com.hazelcast.cache.HazelcastCachingProvider").build().clientBudget();
        assertEquals("playtcha-budgets", budget.cache());
        assertEquals("com.hazelcast.cache.HazelcastCachingProvider", budget.cacheProvider());
        assertEquals(new PlaytchaSettings.ClientBudget(true, 120, 30, 100_000), builder().set(Setting.CLIENT_BUDGET_CACHE, " ").build()
                .clientBudget(), "no cache: the budgets of one node, or of the ledger's database");
        assertEquals(budget, builder().clientBudget(budget).build().clientBudget(), "the builder copies all of them");

        InvalidSettingException noCache = assertThrows(InvalidSettingException.class,
                () -> builder().clientBudgetCacheProvider("com.hazelcast.cache.HazelcastCachingProvider").build());
        assertEquals(Setting.CLIENT_BUDGET_CACHE_PROVIDER, noCache.setting());
        assertTrue(noCache.getMessage().contains("set both, or neither"), noCache.getMessage());
        InvalidSettingException blank = assertThrows(InvalidSettingException.class, () -> builder().clientBudgetCache(" ").build());
        assertEquals(Setting.CLIENT_BUDGET_CACHE, blank.setting());
    }

    @Test
    void clusterTimeout_isPositiveAndAtMostTenSeconds_namingTheKey() {
        assertEquals(Duration.ofMillis(250), builder().build().clusterTimeout());
        assertEquals(Duration.ofSeconds(10), builder().clusterTimeout(Duration.ofSeconds(10)).build().clusterTimeout());
        for (Duration bad : new Duration[] {Duration.ZERO, Duration.ofMillis(-1), Duration.ofMillis(10_001)}) {
            InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> builder().clusterTimeout(bad).build());
            assertEquals("playtcha.cluster.timeout", e.setting().key());
            assertTrue(e.getMessage().contains("like 250ms"), e.getMessage());
        }
    }

    @Test
    void clusterStartTimeout_isTenSecondsByDefault_positiveAndAtMostAMinute_namingTheKey() {
        assertEquals(Duration.ofSeconds(10), builder().build().clusterStartTimeout());
        assertEquals(Duration.ofSeconds(10), builder().clusterTimeout(Duration.ofSeconds(2)).build().clusterStartTimeout(),
                "not a multiple of cluster.timeout");
        assertEquals(Duration.ofMinutes(1), builder().clusterStartTimeout(Duration.ofMinutes(1)).build().clusterStartTimeout());
        for (Duration bad : new Duration[] {Duration.ZERO, Duration.ofMillis(-1), Duration.ofMillis(60_001)}) {
            InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> builder().clusterStartTimeout(bad).build());
            assertEquals("playtcha.cluster.start-timeout", e.setting().key());
            assertTrue(e.getMessage().contains(bad.isNegative() || bad.isZero() ? "positive" : "at most 1m"), e.getMessage());
        }
    }

    @Test
    void ledgerCapacity_fromOneToAMillion_andNoMore() {
        assertEquals(1, builder().ledgerCapacity(1).build().ledger().capacity());
        assertEquals(1_000_000, builder().ledgerCapacity(1_000_000).build().ledger().capacity());
        assertEquals(1_000_000, PlaytchaSettings.Ledger.MAX_CAPACITY);

        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> builder().ledgerCapacity(1_000_001).build());

        assertEquals(Setting.LEDGER_CAPACITY, e.setting());
        assertEquals("playtcha.ledger.capacity: must be a whole number from 1 to 1000000, like 10000; got 1000001",
                e.getMessage());
    }

    @Test
    void methods_areUpperCased_andApiUrlLosesItsTrailingSlash() {
        PlaytchaSettings s = builder().methods(Set.of("post", " put ")).apiUrl(URI.create("http://127.0.0.1:8080/")).build();

        assertEquals(Set.of("POST", "PUT"), s.methods());
        assertEquals(URI.create("http://127.0.0.1:8080/v1/verify"), s.verifyUrl());
    }

    @Test
    void customMethodsAndAnyCase_areAccepted_andStoredUpperCase() {
        PlaytchaSettings s = builder().methods(Set.of("post", "PROPFIND", "x-Purge", "M-SEARCH")).build();

        assertEquals(Set.of("POST", "PROPFIND", "X-PURGE", "M-SEARCH"), s.methods());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"POST, true", "post, true", "Post, true", "pOsT, true", "PUT, true", "put, true", "PATCH, true",
            "DELETE, true", "GET, false", "get, false", "HEAD, false", "PROPFIND, false", "FETCH, false"})
    void defaultMethods_guardEverySpellingOfThemselves(String method, boolean guarded) {
        assertEquals(guarded, PlaytchaSettings.builder(SECRET).build().guards(method));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"GET, false", "HEAD, false", "OPTIONS, false", "TRACE, false",
            // HTTP methods are case-sensitive: get is not GET, and a service() that treats it so is guarded.
            "get, true", "Head, true",
            "POST, true", "post, true", "PUT, true", "PATCH, true", "DELETE, true", "PROPFIND, true", "MKCOL, true",
            "CONNECT, true", "X-CUSTOM, true"})
    void unsafe_guardsEveryMethodButTheExactSafeOnes(String method, boolean guarded) {
        PlaytchaSettings unsafe = builder().methods(Set.of(" Unsafe ")).build();

        assertEquals(Set.of(PlaytchaSettings.UNSAFE), unsafe.methods());
        assertEquals(guarded, unsafe.guards(method));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://api.playtcha.com/v1", "https://api.playtcha.com/v1/verifyx", "https://proxy.example/v1/verify/x"})
    void apiUrlNearTheVerifyPath_isABaseUrl(String url) {
        assertEquals(URI.create(url + "/v1/verify"), builder().apiUrl(URI.create(url)).build().verifyUrl());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8089/v1/verify", "https://api.playtcha.com/v1/verify/", "https://x.example/V1/Verify"})
    void apiUrlWithTheVerifyPath_failsSayingWhatToUseInstead(String url) {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> builder().apiUrl(URI.create(url)).build());

        assertEquals(Setting.API_URL, e.setting());
        assertTrue(e.getMessage().contains("is the base URL, without /v1/verify (the verifier adds it)"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void missingSecret_failsNamingWhereToSetIt(String secret) {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> PlaytchaSettings.builder(secret).build());

        assertEquals(Setting.SECRET, e.setting());
        assertTrue(e.getMessage().contains("PLAYTCHA_SECRET"), e.getMessage());
    }

    @Test
    void secretWithWhitespace_failsWithoutShowingIt() {
        String secret = "sk_test_half secret";

        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> PlaytchaSettings.builder(secret).build());

        assertFalse(e.getMessage().contains("half"), e.getMessage());
    }

    @Test
    void apiUrlHoldingASecret_isNotEchoed() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> builder().apiUrl(URI.create(SECRET)).build());

        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
        assertTrue(e.getMessage().startsWith("playtcha.api-url: "), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/signup/*", "/contact", "*.do", "/", "/a/b/*"})
    void validUrlPatterns_areKept(String pattern) {
        assertEquals(List.of(pattern), builder().urlPatterns(List.of(pattern)).build().urlPatterns());
    }

    @ParameterizedTest
    @ValueSource(strings = {"signup", "/signup*", "/*/x", "*.", "*.do/x", "/a/*/b/*", "**.do"})
    void invalidUrlPattern_failsNamingTheKey(String pattern) {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> builder().urlPatterns(List.of("/ok/*", pattern)));

        assertEquals(Setting.URL_PATTERNS, e.setting());
        assertTrue(e.getMessage().contains("'" + pattern + "' is not a servlet URL pattern"), e.getMessage());
    }

    @Test
    void settingsBuiltAlike_areEqual_andOneDifferentValue_isNot() {
        PlaytchaSettings s = builder().timeout(Duration.ofSeconds(2)).methods(Set.of("POST")).build();

        assertEquals(s, builder().methods(Set.of("post")).timeout(Duration.ofMillis(2_000)).build());
        assertEquals(s.hashCode(), builder().timeout(Duration.ofSeconds(2)).methods(Set.of("POST")).build().hashCode());
        assertNotEquals(s, builder().timeout(Duration.ofSeconds(2)).methods(Set.of("POST")).rejectStatus(422).build());
        assertNotEquals(s, PlaytchaSettings.builder("sk_test_other").timeout(Duration.ofSeconds(2)).methods(Set.of("POST")).build());
    }

    @Test
    void onlyTheBuilder_makesSettings() {
        assertTrue(java.util.Arrays.stream(PlaytchaSettings.class.getDeclaredConstructors())
                .noneMatch(c -> java.lang.reflect.Modifier.isPublic(c.getModifiers())));
        assertFalse(PlaytchaSettings.class.isRecord());
    }

    @Test
    void toString_masksTheSecret() {
        String text = PlaytchaSettings.builder(SECRET).build().toString();

        assertFalse(text.contains(SECRET), text);
        assertTrue(text.contains("secret=****"), text);
    }

    @Test
    void everySetting_hasKeyInitParamAndEnvironmentNames() {
        assertEquals("fail-closed", Setting.FAIL_CLOSED.initParam());
        assertEquals("PLAYTCHA_FAIL_CLOSED", Setting.FAIL_CLOSED.environmentVariable());
        assertEquals("PLAYTCHA_API_URL", Setting.API_URL.environmentVariable());
        for (Setting s : Setting.values()) {
            assertTrue(s.key().startsWith("playtcha."), s::key);
            assertFalse(s.description().isBlank(), s::key);
            assertEquals(s, Setting.forInitParam(s.initParam()).orElseThrow());
        }
    }

    private static PlaytchaSettings.Builder builder() {
        return PlaytchaSettings.builder(SECRET);
    }
}
