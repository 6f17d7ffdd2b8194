package io.meterflow.connect.mqtt.session;

import io.meterflow.connect.mqtt.config.MqttSourceConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

/** The TLS socket factory for ssl:// brokers, from the configured trust store and optional client key store. */
final class TlsSocketFactory {

    private TlsSocketFactory() {
    }

    static SSLSocketFactory create(MqttSourceConfig config) {
        try {
            final TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(config.trustStoreLocation().isEmpty() ? null
                    : load(MqttSourceConfig.TRUSTSTORE_LOCATION_CONFIG, config.trustStoreLocation(),
                    config.trustStoreType(), config.trustStorePassword()));
            KeyManagerFactory keys = null;
            if (!config.keyStoreLocation().isEmpty()) {
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(load(MqttSourceConfig.KEYSTORE_LOCATION_CONFIG, config.keyStoreLocation(),
                        config.keyStoreType(), config.keyStorePassword()), config.keyStorePassword().value().toCharArray());
            }
            final SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new ConfigException("Cannot set up TLS for the MQTT connection: " + e.getMessage());
        }
    }

    private static KeyStore load(String setting, String location, String type, Password password) {
        try (InputStream in = Files.newInputStream(Path.of(location))) {
            final KeyStore store = KeyStore.getInstance(type);
            store.load(in, password.value().isEmpty() ? null : password.value().toCharArray());
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException(setting, location, "cannot read the " + type + " store: " + e.getMessage());
        }
    }
}
