package com.playtcha.jakarta.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The proxy and trust-store settings: what they accept, what fails start-up and how, and what is never shown. */
class EgressSettingsTest {

    private static final String SECRET = "sk_test_0123456789abcdef";
    private static final String PROXY_PASSWORD = "proxy-pass-9f8e7d";
    private static final String STORE_PASSWORD = "store-pass-1a2b3c";

    @TempDir
    Path directory;

    private static InvalidSettingException failure(UnaryOperator<PlaytchaSettings.Builder> change) {
        return assertThrows(InvalidSettingException.class, () -> change.apply(PlaytchaSettings.builder(SECRET)).build());
    }

    private static void assertNames(InvalidSettingException e, Setting key, String... parts) {
        assertEquals(key, e.setting(), e.getMessage());
        assertTrue(e.getMessage().startsWith(key.key() + ": "), e.getMessage());
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), () -> "'" + e.getMessage() + "' lacks '" + part + "'");
        }
        assertFalse(e.getMessage().contains(PROXY_PASSWORD) || e.getMessage().contains(STORE_PASSWORD), e.getMessage());
    }

    @Test
    void unset_meansNoProxyAndTheJdksTrustAlone() {
        PlaytchaSettings s = PlaytchaSettings.builder(SECRET).build();

        assertEquals(PlaytchaSettings.Proxy.NONE, s.proxy());
        assertFalse(s.proxy().configured());
        assertEquals(PlaytchaSettings.TrustStore.NONE, s.trustStore());
        assertFalse(s.trustStore().configured());
        assertEquals(null, s.trustStore().load());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            port without host     |             | 3128  |      |    | playtcha.proxy.port     | playtcha.proxy.host=proxy.example.com
            user without host     |             | 0     | svc  | pw | playtcha.proxy.user     | playtcha.proxy.host=proxy.example.com
            password without user | proxy.example | 3128 |     | pw | playtcha.proxy.password | playtcha.proxy.user=svc-playtcha
            host without port     | proxy.example | 0    |     |    | playtcha.proxy.port     | like 3128
            port 0 and over       | proxy.example | 65536 |    |    | playtcha.proxy.port     | from 1 to 65535, like 3128; got 65536
            negative port         | proxy.example | -1   |     |    | playtcha.proxy.port     | got -1
            host with a scheme    | http://proxy.example | 3128 | |  | playtcha.proxy.host     | without scheme or port, like proxy.example.com
            host with a port      | proxy.example:3128 | 3128 |  |   | playtcha.proxy.host     | got 'proxy.example:3128'
            user without password | proxy.example | 3128 | svc |    | playtcha.proxy.password | required with playtcha.proxy.user
            user with a colon     | proxy.example | 3128 | a:b | pw | playtcha.proxy.user     | without ':'
            """)
    void badProxy_failsNamingTheKeyAndAValidExample(String row, String host, int port, String user, String password,
            String key, String expected) {
        InvalidSettingException e = failure(b -> b.proxyHost(host).proxyPort(port).proxyUser(user).proxyPassword(password));

        assertNames(e, Setting.forInitParam(key.substring("playtcha.".length())).orElseThrow(), expected);
    }

    @Test
    void proxyWithCredentials_isKept_andToStringMasksThePassword() {
        PlaytchaSettings s = PlaytchaSettings.builder(SECRET).proxyHost("10.0.0.8").proxyPort(3128).proxyUser("svc")
                .proxyPassword(PROXY_PASSWORD).build();

        assertEquals(new PlaytchaSettings.Proxy("10.0.0.8", 3128, "svc", PROXY_PASSWORD), s.proxy());
        assertTrue(s.proxy().configured());
        assertFalse(s.toString().contains(PROXY_PASSWORD), s::toString);
        assertFalse(s.proxy().toString().contains(PROXY_PASSWORD), s.proxy()::toString);
        assertTrue(s.toString().contains("proxy=10.0.0.8:3128 as svc (password ****)"), s::toString);
        assertEquals("::1", PlaytchaSettings.builder(SECRET).proxyHost("::1").proxyPort(8080).build().proxy().host());
    }

    @Test
    void trustStore_isReadAtStartUp_andToStringMasksItsPassword() throws Exception {
        Path store = TrustStoreFiles.write(directory, "proxy-ca.p12", "PKCS12", STORE_PASSWORD);

        PlaytchaSettings s = PlaytchaSettings.builder(SECRET).trustStorePath(store).trustStorePassword(STORE_PASSWORD).build();

        assertTrue(s.trustStore().configured());
        assertNotNull(s.trustStore().load().getCertificate("test-proxy-ca"));
        assertFalse(s.toString().contains(STORE_PASSWORD), s::toString);
        assertTrue(s.toString().contains("trustStore=" + store + " (PKCS12, password ****)"), s::toString);
    }

    @Test
    void jksTrustStore_readsWithItsType() throws Exception {
        Path store = TrustStoreFiles.write(directory, "proxy-ca.jks", "JKS", STORE_PASSWORD);

        PlaytchaSettings s = PlaytchaSettings.builder(SECRET).trustStorePath(store).trustStorePassword(STORE_PASSWORD)
                .trustStoreType("JKS").build();

        assertEquals("JKS", s.trustStore().load().getType());
    }

    @Test
    void wrongTrustStorePassword_failsNamingThePasswordKey_withoutShowingIt() throws Exception {
        Path store = TrustStoreFiles.write(directory, "proxy-ca.p12", "PKCS12", "the-right-one");

        InvalidSettingException e = failure(b -> b.trustStorePath(store).trustStorePassword(STORE_PASSWORD));

        assertNames(e, Setting.TRUST_STORE_PASSWORD, "wrong password", store.toString());
    }

    @Test
    void missingUnreadableOrForeignTrustStores_failNamingThePath() throws Exception {
        Path missing = directory.resolve("missing.p12");
        assertNames(failure(b -> b.trustStorePath(missing)), Setting.TRUST_STORE_PATH, "cannot be read", "NoSuchFileException",
                "like /etc/myapp/proxy-ca.p12");
        assertNames(failure(b -> b.trustStorePath(directory)), Setting.TRUST_STORE_PATH);
        Path text = Files.writeString(directory.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\nnot a store\n");
        assertNames(failure(b -> b.trustStorePath(text)), Setting.TRUST_STORE_PATH, "is not a readable PKCS12 trust store",
                "playtcha.trust-store.type");
        assertNames(failure(b -> b.trustStorePath(Path.of("proxy-ca.p12"))), Setting.TRUST_STORE_PATH, "absolute path");
    }

    @Test
    void storeWithoutCertificates_failsAtStartUp() throws Exception {
        Path store = TrustStoreFiles.write(directory, "proxy-ca.p12", "PKCS12", STORE_PASSWORD);

        // PKCS12 encrypts its certificates: without the password none of them can be read.
        assertNames(failure(b -> b.trustStorePath(store)), Setting.TRUST_STORE_PATH, "holds no trusted certificate entries");
    }

    @Test
    void unknownTypeOrAPasswordWithoutAStore_fail() {
        assertNames(failure(b -> b.trustStorePath(Path.of("/etc/ca.p12")).trustStoreType("PEM")), Setting.TRUST_STORE_TYPE,
                "like PKCS12 or JKS; got 'PEM'");
        assertNames(failure(b -> b.trustStorePassword(STORE_PASSWORD)), Setting.TRUST_STORE_PASSWORD,
                "playtcha.trust-store.path=/etc/myapp/proxy-ca.p12");
    }
}
