package com.playtcha.jakarta.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;

/**
 * Trust stores written by the tests themselves, with the JDK's {@link KeyStore} API (no keytool at
 * test time): the certificate of {@code self-signed.p12} (CN and IP SAN 127.0.0.1, the key the
 * tests' TLS servers use) as the one trusted entry, as an administrator imports a TLS-inspecting
 * proxy's CA.
 */
public final class TrustStoreFiles {

    /** The password of {@code self-signed.p12}, which holds the servers' private key. */
    public static final char[] KEY_PASSWORD = "changeit".toCharArray();

    private TrustStoreFiles() {
    }

    /** The test servers' key and certificate. */
    public static KeyStore serverKeys() throws IOException, GeneralSecurityException {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = TrustStoreFiles.class.getResourceAsStream("/self-signed.p12")) {
            keys.load(in, KEY_PASSWORD);
        }
        return keys;
    }

    /** Writes a {@code type} trust store holding the servers' certificate, protected by {@code password} (may be null). */
    public static Path write(Path directory, String name, String type, String password) throws IOException, GeneralSecurityException {
        KeyStore keys = serverKeys();
        Certificate certificate = keys.getCertificate(keys.aliases().nextElement());
        KeyStore trust = KeyStore.getInstance(type);
        trust.load(null, null);
        trust.setCertificateEntry("test-proxy-ca", certificate);
        Path file = directory.resolve(name);
        try (OutputStream out = Files.newOutputStream(file)) {
            trust.store(out, password == null ? new char[0] : password.toCharArray());
        }
        return file;
    }
}
