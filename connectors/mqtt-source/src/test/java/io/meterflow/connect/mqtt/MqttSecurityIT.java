package io.meterflow.connect.mqtt;

import io.meterflow.connect.mqtt.config.MqttSourceConfig;
import io.meterflow.connect.mqtt.support.RunningTask;
import io.meterflow.connect.mqtt.support.Telemetry;
import io.meterflow.connect.mqtt.support.TestCertificates;
import io.meterflow.testing.mqtt.MosquittoBroker;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** TLS and user name/password against a Mosquitto that demands both. */
class MqttSecurityIT {

    private static final String USER = "meterflow";
    private static final String PASSWORD = "s3cret-pass";

    @TempDir
    static Path dir;
    private static TestCertificates certificates;
    private static MosquittoBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        certificates = TestCertificates.create(dir.resolve("tls"));
        final Path passwords = dir.resolve("passwd");
        final Process passwd = new ProcessBuilder("mosquitto_passwd", "-b", "-c", passwords.toString(), USER, PASSWORD)
                .redirectErrorStream(true).start();
        assertThat(passwd.waitFor()).isZero();
        final List<String> extra = new java.util.ArrayList<>(certificates.mosquittoListenerConfig());
        extra.add("allow_anonymous false");
        extra.add("password_file " + passwords);
        broker = MosquittoBroker.start(dir.resolve("broker"), 100_000, 20, extra);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    private static String sslUri() {
        return "ssl://127.0.0.1:" + broker.port();
    }

    private static Map<String, String> settings(String password, boolean trust) {
        final Map<String, String> settings = new HashMap<>(Map.of(
                MqttSourceConfig.USERNAME_CONFIG, USER, MqttSourceConfig.PASSWORD_CONFIG, password));
        if (trust) {
            settings.put(MqttSourceConfig.TRUSTSTORE_LOCATION_CONFIG, certificates.trustStore().toString());
            settings.put(MqttSourceConfig.TRUSTSTORE_PASSWORD_CONFIG, certificates.trustStorePassword());
        }
        return settings;
    }

    @Test
    void readsOverTlsWithUserNameAndPassword() throws Exception {
        try (RunningTask task = RunningTask.startConnected(RunningTask.taskConfig(sslUri(), "tls-it",
                settings(PASSWORD, true)))) {
            publish(Telemetry.topic("m-tls"), Telemetry.payload(7));

            assertThat(task.pollAtLeast(1)).hasSize(1);
        }
    }

    @Test
    void aWrongPasswordFailsTheTaskNamingTheSettings() {
        try (RunningTask task = RunningTask.start(RunningTask.taskConfig(sslUri(), "badpass-it",
                settings("wrong", true)))) {
            assertThat(task.pollUntilFailure()).hasMessageContaining("mqtt.username")
                    .hasMessageContaining("mqtt.password");
        }
    }

    @Test
    void anUntrustedBrokerCertificateFailsTheTaskNamingTheTrustStore() {
        try (RunningTask task = RunningTask.start(RunningTask.taskConfig(sslUri(), "untrusted-it",
                settings(PASSWORD, false)))) {
            assertThat(task.pollUntilFailure()).hasMessageContaining("TLS handshake")
                    .hasMessageContaining(MqttSourceConfig.TRUSTSTORE_LOCATION_CONFIG);
        }
    }

    private static void publish(String topic, String payload) throws Exception {
        final KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(certificates.trustStore())) {
            trust.load(in, certificates.trustStorePassword().toCharArray());
        }
        final TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        final SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        final MqttConnectOptions options = new MqttConnectOptions();
        options.setSocketFactory(tls.getSocketFactory());
        options.setUserName(USER);
        options.setPassword(PASSWORD.toCharArray());
        final MqttClient publisher = new MqttClient(sslUri(), "tls-it-publisher", new MemoryPersistence());
        publisher.connect(options);
        publisher.publish(topic, payload.getBytes(), 1, false);
        publisher.disconnect();
        publisher.close();
    }
}
