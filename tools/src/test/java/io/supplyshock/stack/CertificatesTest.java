package io.supplyshock.stack;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** Real keytool runs, then what Kafka would do with the stores: load them and shake hands over TLS. */
class CertificatesTest {

    private static final String KEYSTORE_PASSWORD = "keystorePassword1";
    private static final String TRUSTSTORE_PASSWORD = "truststorePassword2";

    @TempDir
    static Path dir;

    @BeforeAll
    static void makeThem() throws Exception {
        Certificates.create(dir, List.of("kafka-secure"), KEYSTORE_PASSWORD, TRUSTSTORE_PASSWORD);
    }

    private static KeyStore load(String name, String password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve(name))) {
            store.load(in, password.toCharArray());
        }
        return store;
    }

    @Test
    void theBrokerCertificateNamesLoopbackLocalhostAndTheExtraHostAndTheCaSignedIt() throws Exception {
        KeyStore broker = load("broker.keystore.p12", KEYSTORE_PASSWORD);
        assertThat(broker.isKeyEntry(Certificates.BROKER_ALIAS)).isTrue();
        Certificate[] chain = broker.getCertificateChain(Certificates.BROKER_ALIAS);
        assertThat(chain).hasSize(2);
        X509Certificate server = (X509Certificate) chain[0];
        X509Certificate ca = (X509Certificate) load("truststore.p12", TRUSTSTORE_PASSWORD).getCertificate(Certificates.CA_ALIAS);
        assertThat(chain[1]).isEqualTo(ca);
        server.verify(ca.getPublicKey());
        assertThat(server.getSubjectX500Principal().getName()).isEqualTo("CN=kafka-secure");
        assertThat(server.getSubjectAlternativeNames()).extracting(n -> n.get(0) + "=" + n.get(1))
                .containsExactlyInAnyOrder("7=127.0.0.1", "2=localhost", "2=kafka-secure");
        assertThat(server.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(broker.getKey(Certificates.BROKER_ALIAS, KEYSTORE_PASSWORD.toCharArray()).getAlgorithm()).isEqualTo("RSA");
    }

    @Test
    void theCaIsAlsoWrittenAsPemAndTheTemporaryFilesAreGone() throws Exception {
        X509Certificate pem;
        try (InputStream in = Files.newInputStream(dir.resolve("ca.crt"))) {
            pem = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        assertThat(pem).isEqualTo(load("truststore.p12", TRUSTSTORE_PASSWORD).getCertificate(Certificates.CA_ALIAS));
        assertThat(pem.getSubjectX500Principal().getName()).isEqualTo("CN=Supplyshock local CA");
        assertThat(dir.resolve("broker.csr")).doesNotExist();
        assertThat(dir.resolve("broker.crt")).doesNotExist();
    }

    @Test
    void aClientTrustingTheTruststoreVerifiesTheBrokerAt127001() throws Exception {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(load("broker.keystore.p12", KEYSTORE_PASSWORD), KEYSTORE_PASSWORD.toCharArray());
        SSLContext serverContext = SSLContext.getInstance("TLS");
        serverContext.init(keys.getKeyManagers(), null, null);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load("truststore.p12", TRUSTSTORE_PASSWORD));
        SSLContext clientContext = SSLContext.getInstance("TLS");
        clientContext.init(null, trust.getTrustManagers(), null);

        try (SSLServerSocket server = (SSLServerSocket) serverContext.getServerSocketFactory().createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> accepted = CompletableFuture.runAsync(() -> {
                try (SSLSocket s = (SSLSocket) server.accept()) {
                    s.startHandshake();
                    s.getOutputStream().write(42);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (SSLSocket client = (SSLSocket) clientContext.getSocketFactory().createSocket("127.0.0.1", server.getLocalPort())) {
                // What Kafka clients do by default (ssl.endpoint.identification.algorithm=https): check the name against the certificate.
                SSLParameters params = client.getSSLParameters();
                params.setEndpointIdentificationAlgorithm("HTTPS");
                client.setSSLParameters(params);
                client.setSoTimeout(10_000);
                client.startHandshake();
                assertThat(client.getInputStream().read()).isEqualTo(42);
            }
            accepted.join();
        }
    }
}
