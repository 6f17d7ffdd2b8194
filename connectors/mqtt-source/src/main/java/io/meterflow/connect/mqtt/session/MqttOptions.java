package io.meterflow.connect.mqtt.session;

import io.meterflow.connect.mqtt.config.MqttSourceConfig;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;

/** Paho connect options from the config: persistent session, no Paho auto-reconnect (the session does it). */
final class MqttOptions {

    private MqttOptions() {
    }

    static MqttConnectOptions of(MqttSourceConfig config) {
        final MqttConnectOptions options = new MqttConnectOptions();
        options.setServerURIs(config.serverUris().toArray(String[]::new));
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(false);
        options.setAutomaticReconnect(false);
        options.setKeepAliveInterval(config.keepAliveSeconds());
        options.setConnectionTimeout(config.connectionTimeoutSeconds());
        if (!config.username().isEmpty()) {
            options.setUserName(config.username());
            options.setPassword(config.password().value().toCharArray());
        }
        final boolean tls = config.serverUris().stream().anyMatch(u -> u.trim().startsWith("ssl://"));
        if (tls) {
            options.setSocketFactory(TlsSocketFactory.create(config));
            options.setHttpsHostnameVerificationEnabled(config.hostnameVerification());
        }
        return options;
    }
}
