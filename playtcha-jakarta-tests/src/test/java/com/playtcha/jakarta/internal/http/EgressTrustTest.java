package com.playtcha.jakarta.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.TrustStoreFiles;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;

/**
 * A trust store adds to the JDK's trust, it does not replace it: the verifier behind a
 * TLS-inspecting proxy trusts the proxy's CA, and every CA the JDK trusts still.
 */
class EgressTrustTest {

    @Test
    void trustStoreCertificates_areTrustedBesidesEveryJdkCa() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        KeyStore keys = TrustStoreFiles.serverKeys();
        X509Certificate proxyCa = (X509Certificate) keys.getCertificate(keys.aliases().nextElement());
        store.setCertificateEntry("proxy-ca", proxyCa);

        Set<X509Certificate> merged = Set.of(x509(Egress.trustManagers(store)).getAcceptedIssuers());

        TrustManagerFactory jdk = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        jdk.init((KeyStore) null);
        Set<X509Certificate> jdkCas = Set.of(x509(jdk.getTrustManagers()).getAcceptedIssuers());
        assertTrue(jdkCas.size() > 10, "the JDK trusts its CA bundle: " + jdkCas.size());
        assertTrue(merged.containsAll(jdkCas), "every JDK CA is still trusted");
        assertTrue(merged.contains(proxyCa), "and the store's");
        assertEquals(jdkCas.size() + 1, merged.size(), () -> merged.stream().map(c -> c.getSubjectX500Principal().getName())
                .collect(Collectors.joining("\n")));
        x509(Egress.trustManagers(store)).checkServerTrusted(new X509Certificate[] {proxyCa}, "ECDHE_ECDSA");
    }

    private static X509TrustManager x509(TrustManager[] managers) {
        return (X509TrustManager) Arrays.stream(managers).filter(X509TrustManager.class::isInstance).findFirst().orElseThrow();
    }
}
