package com.playtcha.jakarta.redis;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Certificates made by the JDK's {@code keytool} for a {@code redis-server} with TLS: a test CA, server
 * certificates it signs (for 127.0.0.1, for another host, expired) and one signed by nobody, each as the
 * PEM files Redis reads ({@link Pem}), and a PKCS #12 trust store holding the CA for this JVM
 * ({@link #trustStore}).
 */
final class TestCertificates {

    static final String PASSWORD = "changeit";

    private final Path dir;
    private final Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");

    /** A certificate and its key, as Redis reads them. */
    record Pem(Path certificate, Path key) {
    }

    private TestCertificates(Path dir) {
        this.dir = dir;
    }

    /** A new CA in a directory of its own. */
    static TestCertificates create() throws IOException, InterruptedException {
        TestCertificates made = new TestCertificates(Files.createTempDirectory("playtcha-redis-tls"));
        made.keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=Playtcha test CA",
                "-ext", "bc:c", "-validity", "30", "-keystore", made.store("ca"));
        made.keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", made.store("ca"), "-file", made.dir.resolve("ca.pem").toString());
        return made;
    }

    /** The CA's certificate, PEM. */
    Path ca() {
        return dir.resolve("ca.pem");
    }

    /** A trust store (PKCS #12) holding the CA alone. */
    Path trustStore() throws IOException, InterruptedException {
        Path store = dir.resolve("trust.p12");
        if (!Files.exists(store)) {
            keytool("-importcert", "-noprompt", "-alias", "ca", "-file", ca().toString(), "-keystore", store.toString());
        }
        return store;
    }

    /**
     * A server certificate for {@code san} ({@code ip:127.0.0.1}, {@code dns:other.example}), signed by the CA, valid
     * from {@code start} ({@code keytool}'s form, like {@code -1d}) for {@code days}; or signed by itself.
     */
    Pem server(String name, String san, String start, int days, boolean byCa) throws IOException, InterruptedException, GeneralSecurityException {
        keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name, "-ext", "san=" + san,
                "-startdate", start, "-validity", Integer.toString(days), "-keystore", store(name));
        Path certificate = dir.resolve(name + ".pem");
        if (byCa) {
            keytool("-certreq", "-alias", name, "-keystore", store(name), "-file", dir.resolve(name + ".csr").toString());
            keytool("-gencert", "-rfc", "-alias", "ca", "-keystore", store("ca"), "-infile", dir.resolve(name + ".csr").toString(),
                    "-outfile", certificate.toString(), "-ext", "san=" + san, "-startdate", start, "-validity", Integer.toString(days));
        } else {
            keytool("-exportcert", "-rfc", "-alias", name, "-keystore", store(name), "-file", certificate.toString());
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Path.of(store(name)))) {
            store.load(in, PASSWORD.toCharArray());
        }
        Key key = store.getKey(name, PASSWORD.toCharArray());
        Path pem = dir.resolve(name + ".key");
        Files.writeString(pem, "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        return new Pem(certificate, pem);
    }

    private String store(String name) {
        return dir.resolve(name + ".p12").toString();
    }

    private void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(keytool.toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("-storepass", PASSWORD, "-storetype", "PKCS12"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("keytool " + String.join(" ", args) + ": " + out);
        }
    }
}
