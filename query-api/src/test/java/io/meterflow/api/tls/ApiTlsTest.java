package io.meterflow.api.tls;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.meterflow.api.QueryApi;
import io.meterflow.api.QueryApiConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * HTTPS on the API port with a keystore made by the JDK's keytool: a client trusting that certificate completes
 * the handshake and gets answers; plain HTTP to the same port gets none; the password shows in no log line.
 */
class ApiTlsTest {

    private static final String PASSWORD = "tls-store-secret-4711";

    @Test
    void servesHttpsOnlyWithTheConfiguredKeystore(@TempDir Path dir) throws Exception {
        final Path keystore = keystore(dir);
        final ApiTls tls = ApiTls.from(Map.of(ApiTls.KEYSTORE, keystore.toString(), ApiTls.KEYSTORE_PASSWORD, PASSWORD))
                .orElseThrow();
        final ListAppender<ILoggingEvent> logs = new ListAppender<>();
        final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        logs.start();
        root.addAppender(logs);
        // Jetty's own debug output (the SSL context set-up included) is scanned too.
        final Logger jetty = (Logger) LoggerFactory.getLogger("org.eclipse.jetty");
        jetty.setLevel(ch.qos.logback.classic.Level.DEBUG);
        // No database is needed for /health; the pool starts without one.
        final QueryApiConfig config = QueryApiConfig.defaults("jdbc:postgresql://127.0.0.1:1/none").withPort(0);
        try (QueryApi api = QueryApi.start(config, Optional.of(tls))) {
            final HttpClient client = HttpClient.newBuilder().sslContext(trusting(keystore))
                    .connectTimeout(Duration.ofSeconds(10)).build();
            final HttpResponse<String> health = client.send(HttpRequest.newBuilder(
                    URI.create("https://localhost:" + api.port() + "/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("UP");
            final X509Certificate served = (X509Certificate) health.sslSession().orElseThrow().getPeerCertificates()[0];
            assertThat(served.getSubjectX500Principal().getName()).isEqualTo("CN=localhost");

            final HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            assertThatThrownBy(() -> plain.send(HttpRequest.newBuilder(URI.create("http://localhost:" + api.port() + "/health"))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString()))
                    .as("plain HTTP to the TLS port").isInstanceOf(IOException.class);
        } finally {
            jetty.setLevel(null);
            root.detachAppender(logs);
        }
        assertThat(logs.list).isNotEmpty()
                .noneSatisfy(e -> assertThat(e.getFormattedMessage()).contains(PASSWORD));
        assertThat(logs.list).anySatisfy(e -> assertThat(e.getFormattedMessage()).contains("https://localhost:"));
        assertThat(tls.toString()).doesNotContain(PASSWORD).contains(keystore.toString());
    }

    @Test
    void aKeystoreWithoutItsPasswordIsRefusedByName(@TempDir Path dir) throws Exception {
        final Path keystore = keystore(dir);
        assertThatThrownBy(() -> ApiTls.from(Map.of(ApiTls.KEYSTORE, keystore.toString())))
                .hasMessageContaining(ApiTls.KEYSTORE_PASSWORD);
        assertThatThrownBy(() -> ApiTls.from(Map.of(ApiTls.KEYSTORE, dir.resolve("missing.p12").toString(),
                ApiTls.KEYSTORE_PASSWORD, PASSWORD))).hasMessageContaining(ApiTls.KEYSTORE).hasMessageContaining("missing.p12");
        assertThat(ApiTls.from(Map.of())).isEmpty();
    }

    /** A PKCS12 keystore with a self-signed certificate for localhost, made by the JDK's own keytool. */
    private static Path keystore(Path dir) throws IOException, InterruptedException {
        final Path store = dir.resolve("api.p12");
        final Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "query-api", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "san=dns:localhost,ip:127.0.0.1", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
                .redirectErrorStream(true).redirectOutput(dir.resolve("keytool.log").toFile()).start();
        assertThat(keytool.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(keytool.exitValue()).as(Files.readString(dir.resolve("keytool.log"))).isZero();
        return store;
    }

    private static SSLContext trusting(Path keystore) throws Exception {
        final KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, PASSWORD.toCharArray());
        }
        // Only trusted-certificate entries are trust anchors: the server's certificate, without its key.
        final KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("query-api", store.getCertificate("query-api"));
        final TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        final SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
