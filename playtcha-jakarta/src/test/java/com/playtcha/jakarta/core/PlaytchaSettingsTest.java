package com.playtcha.jakarta.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

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
    }

    @Test
    void unsetLeaseTimeout_shrinksToAQuarterOfAShortTimeout_butAnExplicitOneMustBeShorter() {
        assertEquals(Duration.ofMillis(25),
                PlaytchaSettings.builder(SECRET).set(Setting.TIMEOUT, "100ms").build().leaseTimeout());
        assertEquals(Duration.ofMillis(250),
                PlaytchaSettings.builder(SECRET).set(Setting.TIMEOUT, "1s").build().leaseTimeout());
        assertThrows(InvalidSettingException.class, () -> PlaytchaSettings.builder(SECRET)
                .set(Setting.TIMEOUT, "1s").set(Setting.LEASE_TIMEOUT, "1s").build());
        assertEquals(Duration.ofSeconds(2),
                PlaytchaSettings.builder(SECRET).set(Setting.LEASE_TIMEOUT, "2s").build().leaseTimeout());
        assertThrows(InvalidSettingException.class, () -> PlaytchaSettings.builder(SECRET)
                .set(Setting.TIMEOUT, "100ms").set(Setting.LEASE_TIMEOUT, "250ms").build());
    }

    @Test
    void breakerSettings_areReadFromTheirKeys() {
        PlaytchaSettings s = PlaytchaSettings.builder(SECRET)
                .set(Setting.BREAKER_ENABLED, "0")
                .set(Setting.BREAKER_FAILURES, "3")
                .set(Setting.BREAKER_COOL_DOWN, "PT30S")
                .set(Setting.BREAKER_PROBES, "2")
                .build();

        assertEquals(new PlaytchaSettings.Breaker(false, 3, Duration.ofSeconds(30), 2), s.breaker());
    }

    @ParameterizedTest
    @CsvSource({"250ms, PT0.25S", "3s, PT3S", "2m, PT2M", "PT3S, PT3S", "pt1.5s, PT1.5S", "' 5s ', PT5S"})
    void durations_acceptUnitsAndIso8601(String text, String expected) {
        PlaytchaSettings s = PlaytchaSettings.builder(SECRET).set(Setting.TIMEOUT, text).build();

        assertEquals(Duration.parse(expected), s.timeout());
    }

    @Test
    void unsetConnectTimeout_shrinksToAShortTimeout_butAnExplicitOneMustFit() {
        assertEquals(Duration.ofMillis(250),
                PlaytchaSettings.builder(SECRET).set(Setting.TIMEOUT, "250ms").build().connectTimeout());
        assertThrows(InvalidSettingException.class, () -> PlaytchaSettings.builder(SECRET)
                .set(Setting.TIMEOUT, "250ms").set(Setting.CONNECT_TIMEOUT, "1s").build());
    }

    @ParameterizedTest
    @CsvSource({"true, CLOSED", "1, CLOSED", "TRUE, CLOSED", "false, OPEN", "0, OPEN", "False, OPEN"})
    void failClosed_acceptsTrueOneFalseZero(String text, FailMode expected) {
        assertEquals(expected, PlaytchaSettings.builder(SECRET).set(Setting.FAIL_CLOSED, text).build().failMode());
    }

    @Test
    void methods_areUpperCased_andApiUrlLosesItsTrailingSlash() {
        PlaytchaSettings s = PlaytchaSettings.builder(SECRET)
                .set(Setting.METHODS, "post, put")
                .set(Setting.API_URL, "http://127.0.0.1:8080/")
                .build();

        assertEquals(Set.of("POST", "PUT"), s.methods());
        assertEquals(URI.create("http://127.0.0.1:8080/v1/verify"), s.verifyUrl());
    }

    @Test
    void customMethodsAndAnyCase_areAccepted_andStoredUpperCase() {
        PlaytchaSettings s = PlaytchaSettings.builder(SECRET).set(Setting.METHODS, "post, PROPFIND, x-Purge, M-SEARCH").build();

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
        PlaytchaSettings unsafe = PlaytchaSettings.builder(SECRET).set(Setting.METHODS, " Unsafe ").build();

        assertEquals(Set.of(PlaytchaSettings.UNSAFE), unsafe.methods());
        assertEquals(guarded, unsafe.guards(method));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://api.playtcha.com/v1", "https://api.playtcha.com/v1/verifyx", "https://proxy.example/v1/verify/x"})
    void apiUrlNearTheVerifyPath_isABaseUrl(String url) {
        PlaytchaSettings s = PlaytchaSettings.builder(SECRET).set(Setting.API_URL, url).build();

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
            """)
    void invalidValue_failsWithTheKeyAndWhatIsValid(String key, String value, String message) {
        Setting setting = java.util.Arrays.stream(Setting.values()).filter(s -> s.key().equals(key)).findFirst().orElseThrow();

        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> PlaytchaSettings.builder(SECRET).set(setting, value).build());

        assertEquals(setting, e.setting());
        assertTrue(e.getMessage().startsWith(key + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(message), () -> "'" + e.getMessage() + "' lacks '" + message + "'");
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
                () -> PlaytchaSettings.builder(SECRET).set(Setting.API_URL, SECRET).build());

        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
        assertTrue(e.getMessage().startsWith("playtcha.api-url: "), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/signup/*", "/contact", "*.do", "/", "/a/b/*"})
    void validUrlPatterns_areKept(String pattern) {
        assertEquals(List.of(pattern), PlaytchaSettings.parseUrlPatterns(pattern));
    }

    @ParameterizedTest
    @ValueSource(strings = {"signup", "/signup*", "/*/x", "*.", "*.do/x", "/a/*/b/*", "**.do"})
    void invalidUrlPattern_failsNamingTheKey(String pattern) {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> PlaytchaSettings.parseUrlPatterns("/ok/*, " + pattern));

        assertEquals(Setting.URL_PATTERNS, e.setting());
        assertTrue(e.getMessage().contains("'" + pattern + "' is not a servlet URL pattern"), e.getMessage());
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
}
