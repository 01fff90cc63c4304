package io.supplyshock.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The secure stack's TLS material, PKCS12 throughout: a local CA ({@code ca.p12}, certificate also as
 * {@code ca.crt}), the broker's key with a certificate that CA signed ({@code broker.keystore.p12}, alias
 * {@code broker}, the chain included) and a truststore holding the CA ({@code truststore.p12}, alias {@code ca}).
 *
 * <p>The JDK has no public API to sign a certificate, so the key pairs and the signature come from the JDK's
 * {@code keytool}, each run bounded in time; the stores are then assembled with {@link KeyStore}.
 */
public final class Certificates {

    static final String BROKER_ALIAS = "broker";
    static final String CA_ALIAS = "ca";
    private static final Duration KEYTOOL_TIME_LIMIT = Duration.ofSeconds(60);
    private static final String VALIDITY_DAYS = "825";

    private Certificates() {
    }

    /**
     * @param hostNames names the broker is reached by besides 127.0.0.1 and localhost, which every certificate
     *                  names (a client checks the name it connected to against the certificate)
     */
    public static void create(Path dir, List<String> hostNames, String keystorePassword, String truststorePassword)
            throws IOException, StackException, InterruptedException {
        Path ca = dir.resolve("ca.p12");
        Path broker = dir.resolve("broker.keystore.p12");
        Path request = dir.resolve("broker.csr");
        Path signed = dir.resolve("broker.crt");
        for (Path stale : List.of(ca, broker, request, signed, dir.resolve("truststore.p12"))) Files.deleteIfExists(stale);
        StringBuilder san = new StringBuilder("SAN=IP:127.0.0.1,DNS:localhost");
        for (String host : hostNames) san.append(",DNS:").append(host);
        String commonName = hostNames.isEmpty() ? "localhost" : hostNames.getFirst();

        keytool(keystorePassword, "-genkeypair", "-alias", CA_ALIAS, "-keyalg", "RSA", "-keysize", "2048", "-validity", VALIDITY_DAYS,
                "-dname", "CN=Supplyshock local CA", "-ext", "bc:c", "-keystore", ca.toString(), "-storetype", "PKCS12",
                "-storepass:env", "STORE_PASS", "-keypass:env", "STORE_PASS");
        keytool(keystorePassword, "-genkeypair", "-alias", BROKER_ALIAS, "-keyalg", "RSA", "-keysize", "2048", "-validity", VALIDITY_DAYS,
                "-dname", "CN=" + commonName, "-keystore", broker.toString(), "-storetype", "PKCS12",
                "-storepass:env", "STORE_PASS", "-keypass:env", "STORE_PASS");
        keytool(keystorePassword, "-certreq", "-alias", BROKER_ALIAS, "-keystore", broker.toString(), "-storepass:env", "STORE_PASS",
                "-file", request.toString());
        keytool(keystorePassword, "-gencert", "-alias", CA_ALIAS, "-keystore", ca.toString(), "-storepass:env", "STORE_PASS",
                "-infile", request.toString(), "-outfile", signed.toString(), "-rfc", "-validity", VALIDITY_DAYS,
                "-ext", san.toString(), "-ext", "KU=digitalSignature,keyEncipherment", "-ext", "EKU=serverAuth");

        try {
            char[] storePassword = keystorePassword.toCharArray();
            Certificate caCertificate = load(ca, storePassword).getCertificate(CA_ALIAS);
            Certificate brokerCertificate;
            try (InputStream in = Files.newInputStream(signed)) {
                brokerCertificate = CertificateFactory.getInstance("X.509").generateCertificate(in);
            }
            KeyStore brokerStore = load(broker, storePassword);
            Key key = brokerStore.getKey(BROKER_ALIAS, storePassword);
            brokerStore.setKeyEntry(BROKER_ALIAS, key, storePassword, new Certificate[]{brokerCertificate, caCertificate});
            store(brokerStore, broker, storePassword);

            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry(CA_ALIAS, caCertificate);
            store(trust, dir.resolve("truststore.p12"), truststorePassword.toCharArray());

            String pem = "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(caCertificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
            Files.writeString(dir.resolve("ca.crt"), pem, StandardCharsets.US_ASCII);
        } catch (GeneralSecurityException e) {
            throw new StackException("assembling the TLS stores in " + dir + " failed: " + e);
        } finally {
            Files.deleteIfExists(request);
            Files.deleteIfExists(signed);
        }
    }

    /** Runs the keytool of the JDK this runs on; the store password reaches it through the environment, not its arguments. */
    private static void keytool(String storePassword, String... args) throws IOException, StackException, InterruptedException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        if (!Files.isExecutable(keytool)) {
            throw new StackException("keytool not found at " + keytool + ": making the certificates needs a Java installation that has it");
        }
        List<String> command = new ArrayList<>(List.of(keytool.toString()));
        command.addAll(List.of(args));
        Path output = Files.createTempFile("keytool", ".out");
        try {
            TimedCommand.run("keytool " + args[0], command, Map.of("STORE_PASS", storePassword), output, KEYTOOL_TIME_LIMIT);
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static KeyStore load(Path file, char[] password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password);
        }
        return store;
    }

    private static void store(KeyStore store, Path file, char[] password) throws IOException, GeneralSecurityException {
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password);
        }
    }
}
