package io.meterflow.connect.mqtt.config;

import io.meterflow.schema.topic.MeterFlowTopics;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.NonEmptyString;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The MQTT source connector's settings. Tasks read them through the typed getters only. */
public class MqttSourceConfig extends AbstractConfig {

    private static final String CONNECTION_GROUP = "Connection";
    private static final String TLS_GROUP = "TLS";
    private static final String SUBSCRIPTION_GROUP = "Subscription";
    private static final String MAPPING_GROUP = "Payload mapping";
    private static final String KAFKA_GROUP = "Kafka topics";
    private static final String FLOW_GROUP = "Flow control";

    public static final String SERVER_URIS_CONFIG = "mqtt.server.uris";
    private static final String SERVER_URIS_DOC = "MQTT broker URIs, tcp://host:port or ssl://host:port; with several "
            + "the client tries them in order (a broker cluster behind one session store).";

    public static final String USERNAME_CONFIG = "mqtt.username";
    private static final String USERNAME_DOC = "User name for the broker; empty for anonymous access.";

    public static final String PASSWORD_CONFIG = "mqtt.password";
    private static final String PASSWORD_DOC = "Password for the broker (hidden in Connect's REST API and logs).";

    public static final String CLIENT_ID_PREFIX_CONFIG = "mqtt.client.id.prefix";
    private static final String CLIENT_ID_PREFIX_DOC = "Prefix of the MQTT client ids; session n uses <prefix>-<n>. "
            + "Empty: the connector name. Client ids are stable so the broker keeps each session's unacknowledged "
            + "messages across restarts; no other client may use them.";

    public static final String KEEPALIVE_CONFIG = "mqtt.keepalive.interval.seconds";
    private static final String KEEPALIVE_DOC = "MQTT keep-alive interval.";

    public static final String CONNECTION_TIMEOUT_CONFIG = "mqtt.connection.timeout.seconds";
    private static final String CONNECTION_TIMEOUT_DOC = "How long one connection attempt may take.";

    public static final String RECONNECT_BACKOFF_INITIAL_CONFIG = "mqtt.reconnect.backoff.initial.ms";
    private static final String RECONNECT_BACKOFF_INITIAL_DOC = "Wait before the first reconnect attempt after the "
            + "connection was lost; doubles per failed attempt up to " + "mqtt.reconnect.backoff.max.ms.";

    public static final String RECONNECT_BACKOFF_MAX_CONFIG = "mqtt.reconnect.backoff.max.ms";
    private static final String RECONNECT_BACKOFF_MAX_DOC = "Longest wait between reconnect attempts.";

    public static final String TAKEOVER_LOSSES_CONFIG = "mqtt.takeover.max.losses";
    private static final String TAKEOVER_LOSSES_DOC = "A session whose connection is dropped this many times in a row "
            + "shortly after connecting (see mqtt.takeover.window.ms) is being taken over by another client with the "
            + "same client id: the task then fails with a message naming the client id instead of fighting over it. A "
            + "session that has not yet kept a connection longer than the window needs twice as many, so that when a "
            + "session moves to a new task while the old task still stops, the old task gives up first.";

    public static final String TAKEOVER_WINDOW_CONFIG = "mqtt.takeover.window.ms";
    private static final String TAKEOVER_WINDOW_DOC = "A connection lost within this time after connecting counts "
            + "towards mqtt.takeover.max.losses.";

    public static final String TRUSTSTORE_LOCATION_CONFIG = "mqtt.ssl.truststore.location";
    private static final String TRUSTSTORE_LOCATION_DOC = "Trust store with the broker's CA certificate, for ssl:// "
            + "URIs. Empty: the JVM's default trust store.";
    public static final String TRUSTSTORE_PASSWORD_CONFIG = "mqtt.ssl.truststore.password";
    private static final String TRUSTSTORE_PASSWORD_DOC = "Password of the trust store.";
    public static final String TRUSTSTORE_TYPE_CONFIG = "mqtt.ssl.truststore.type";
    private static final String TRUSTSTORE_TYPE_DOC = "Trust store type (PKCS12, JKS).";
    public static final String KEYSTORE_LOCATION_CONFIG = "mqtt.ssl.keystore.location";
    private static final String KEYSTORE_LOCATION_DOC = "Key store with the client certificate, when the broker "
            + "demands client authentication. Empty: none.";
    public static final String KEYSTORE_PASSWORD_CONFIG = "mqtt.ssl.keystore.password";
    private static final String KEYSTORE_PASSWORD_DOC = "Password of the key store and its key.";
    public static final String KEYSTORE_TYPE_CONFIG = "mqtt.ssl.keystore.type";
    private static final String KEYSTORE_TYPE_DOC = "Key store type (PKCS12, JKS).";
    public static final String HOSTNAME_VERIFICATION_CONFIG = "mqtt.ssl.hostname.verification";
    private static final String HOSTNAME_VERIFICATION_DOC = "Check that the broker's certificate names the host "
            + "connected to.";

    public static final String TOPICS_CONFIG = "mqtt.topics";
    public static final String TOPICS_DEFAULT = "meters/+/telemetry";
    private static final String TOPICS_DOC = "MQTT topic filters to subscribe to at QoS 1.";

    public static final String SESSIONS_CONFIG = "mqtt.sessions";
    public static final int SESSIONS_DEFAULT = 4;
    public static final int SESSIONS_MAX = 256;
    private static final String SESSIONS_DOC = "Number of persistent MQTT sessions (client ids <prefix>-0 .. "
            + "<prefix>-(n-1)) the connector keeps, independent of tasks.max: the sessions are spread over the tasks "
            + "(a task may own several), so changing tasks.max only moves whole sessions between tasks and every "
            + "session's queued messages keep an owner. tasks.max may not exceed it. Every session subscribes to the "
            + "filters as a shared subscription ($share/<group>/<filter>), so each message goes to one session. "
            + "Raising it is safe at any time; lowering it needs mqtt.sessions.previous, or the messages queued for "
            + "the removed sessions are stranded.";

    public static final String SESSIONS_PREVIOUS_CONFIG = "mqtt.sessions.previous";
    private static final String SESSIONS_PREVIOUS_DOC = "Only while lowering mqtt.sessions: the value it had before. "
            + "The removed sessions (mqtt.sessions .. this - 1) stay owned by the tasks but leave the shared group: "
            + "they connect, unsubscribe, and deliver only what the broker had queued for them. Once they are drained "
            + "(the task metric drained-messages stops growing and unacked-messages is 0), remove this setting. "
            + "0: no session is being removed.";

    public static final String SHARED_GROUP_CONFIG = "mqtt.shared.group";
    private static final String SHARED_GROUP_DOC = "Share name of the shared subscriptions. Empty: the connector name.";

    public static final String FORMAT_CONFIG = "mqtt.payload.format";
    private static final String FORMAT_DOC = "telemetry: {\"ts\": <epoch ms>, \"values\": {<OBIS code or mapped "
            + "name>: <number>}}; reading: a MeterFlow reading (meter-readings schema); auto: telemetry when the "
            + "payload has a ts field or a values object, else reading.";

    public static final String TOPIC_TEMPLATE_CONFIG = "mqtt.meter.id.topic.template";
    public static final String TOPIC_TEMPLATE_DEFAULT = "meters/{meterId}/telemetry";
    private static final String TOPIC_TEMPLATE_DOC = "Where the meter id sits in the MQTT topic: one {meterId} "
            + "placeholder standing for one topic level.";

    public static final String METER_ID_FIELD_CONFIG = "mqtt.meter.id.field";
    private static final String METER_ID_FIELD_DOC = "Top-level payload field holding the meter id (telemetry format). "
            + "Empty: the meter id comes from the topic.";

    public static final String VALUE_NAMES_CONFIG = "mqtt.value.names";
    private static final String VALUE_NAMES_DOC = "Telemetry value names mapped to OBIS code and unit, as "
            + "name=obis:unit entries, e.g. energy=1.0.1.8.0.255:Wh,power=1.0.1.7.0.255:W. Values keyed by an OBIS "
            + "code need no entry (common electricity registers get their unit automatically).";

    public static final String KAFKA_TOPIC_CONFIG = "mqtt.kafka.topic";
    private static final String KAFKA_TOPIC_DOC = "Kafka topic of the readings.";

    public static final String DLQ_TOPIC_CONFIG = "mqtt.dlq.topic";
    private static final String DLQ_TOPIC_DOC = "Kafka topic of payloads that could not be mapped (raw bytes, headers "
            + "naming the error, the MQTT topic and the connector).";

    public static final String QUEUE_CAPACITY_CONFIG = "mqtt.queue.capacity";
    private static final String QUEUE_CAPACITY_DOC = "Messages a task buffers between the MQTT client and Kafka. When it "
            + "is full the MQTT client stops reading, so the broker holds the backlog, not the worker's memory.";

    public static final String POLL_BATCH_CONFIG = "mqtt.poll.batch.max";
    private static final String POLL_BATCH_DOC = "Most messages handed to Connect per poll.";

    public static final String POLL_TIMEOUT_CONFIG = "mqtt.poll.timeout.ms";
    private static final String POLL_TIMEOUT_DOC = "How long a poll waits for a message before returning none.";

    public static final ConfigDef CONFIG_DEF = configDef();

    public MqttSourceConfig(Map<String, String> props) {
        this(CONFIG_DEF, props);
    }

    protected MqttSourceConfig(ConfigDef definition, Map<String, String> props) {
        this(definition, props, true);
    }

    private MqttSourceConfig(ConfigDef definition, Map<String, String> props, boolean enforceCrossSettingRules) {
        super(definition, props);
        if (enforceCrossSettingRules) {
            crossSettingProblems().stream().findFirst().ifPresent(p -> {
                throw new ConfigException(p.setting(), p.value(), p.reason());
            });
        }
    }

    /** The settings parsed without the rules across settings, for the connector's validate() to report those. */
    public static MqttSourceConfig withoutCrossSettingRules(Map<String, String> props) {
        return new MqttSourceConfig(CONFIG_DEF, props, false);
    }

    public static ConfigDef configDef() {
        final ConfigDef def = new ConfigDef();
        addConnection(def);
        addTls(def);
        addSubscription(def);
        addMapping(def);
        addKafka(def);
        addFlow(def);
        return def;
    }

    private static void addConnection(ConfigDef def) {
        int order = 0;
        def.define(SERVER_URIS_CONFIG, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, new ServerUriValidator(),
                        Importance.HIGH, SERVER_URIS_DOC, CONNECTION_GROUP, ++order, Width.LONG, "Broker URIs")
                .define(USERNAME_CONFIG, Type.STRING, "", Importance.HIGH, USERNAME_DOC,
                        CONNECTION_GROUP, ++order, Width.MEDIUM, "User name")
                .define(PASSWORD_CONFIG, Type.PASSWORD, "", Importance.HIGH, PASSWORD_DOC,
                        CONNECTION_GROUP, ++order, Width.MEDIUM, "Password")
                .define(CLIENT_ID_PREFIX_CONFIG, Type.STRING, "", Importance.MEDIUM, CLIENT_ID_PREFIX_DOC,
                        CONNECTION_GROUP, ++order, Width.MEDIUM, "Client id prefix")
                .define(KEEPALIVE_CONFIG, Type.INT, 30, Range.between(0, 65_535), Importance.LOW, KEEPALIVE_DOC,
                        CONNECTION_GROUP, ++order, Width.SHORT, "Keep-alive (s)")
                .define(CONNECTION_TIMEOUT_CONFIG, Type.INT, 30, Range.atLeast(1), Importance.LOW,
                        CONNECTION_TIMEOUT_DOC, CONNECTION_GROUP, ++order, Width.SHORT, "Connect timeout (s)")
                .define(RECONNECT_BACKOFF_INITIAL_CONFIG, Type.LONG, 500L, Range.atLeast(1), Importance.LOW,
                        RECONNECT_BACKOFF_INITIAL_DOC, CONNECTION_GROUP, ++order, Width.SHORT, "Reconnect backoff")
                .define(RECONNECT_BACKOFF_MAX_CONFIG, Type.LONG, 30_000L, Range.atLeast(1), Importance.LOW,
                        RECONNECT_BACKOFF_MAX_DOC, CONNECTION_GROUP, ++order, Width.SHORT, "Max reconnect backoff")
                .define(TAKEOVER_LOSSES_CONFIG, Type.INT, 3, Range.atLeast(1), Importance.LOW, TAKEOVER_LOSSES_DOC,
                        CONNECTION_GROUP, ++order, Width.SHORT, "Takeover losses")
                .define(TAKEOVER_WINDOW_CONFIG, Type.LONG, 10_000L, Range.atLeast(1), Importance.LOW,
                        TAKEOVER_WINDOW_DOC, CONNECTION_GROUP, ++order, Width.SHORT, "Takeover window");
    }

    private static void addTls(ConfigDef def) {
        int order = 0;
        def.define(TRUSTSTORE_LOCATION_CONFIG, Type.STRING, "", Importance.MEDIUM, TRUSTSTORE_LOCATION_DOC,
                        TLS_GROUP, ++order, Width.LONG, "Trust store")
                .define(TRUSTSTORE_PASSWORD_CONFIG, Type.PASSWORD, "", Importance.MEDIUM, TRUSTSTORE_PASSWORD_DOC,
                        TLS_GROUP, ++order, Width.MEDIUM, "Trust store password")
                .define(TRUSTSTORE_TYPE_CONFIG, Type.STRING, "PKCS12", ValidString.in("PKCS12", "JKS"),
                        Importance.LOW, TRUSTSTORE_TYPE_DOC, TLS_GROUP, ++order, Width.SHORT, "Trust store type")
                .define(KEYSTORE_LOCATION_CONFIG, Type.STRING, "", Importance.MEDIUM, KEYSTORE_LOCATION_DOC,
                        TLS_GROUP, ++order, Width.LONG, "Key store")
                .define(KEYSTORE_PASSWORD_CONFIG, Type.PASSWORD, "", Importance.MEDIUM, KEYSTORE_PASSWORD_DOC,
                        TLS_GROUP, ++order, Width.MEDIUM, "Key store password")
                .define(KEYSTORE_TYPE_CONFIG, Type.STRING, "PKCS12", ValidString.in("PKCS12", "JKS"),
                        Importance.LOW, KEYSTORE_TYPE_DOC, TLS_GROUP, ++order, Width.SHORT, "Key store type")
                .define(HOSTNAME_VERIFICATION_CONFIG, Type.BOOLEAN, true, Importance.LOW,
                        HOSTNAME_VERIFICATION_DOC, TLS_GROUP, ++order, Width.SHORT, "Hostname verification");
    }

    private static void addSubscription(ConfigDef def) {
        int order = 0;
        def.define(TOPICS_CONFIG, Type.LIST, TOPICS_DEFAULT, new TopicFilterValidator(), Importance.HIGH,
                        TOPICS_DOC, SUBSCRIPTION_GROUP, ++order, Width.LONG, "Topic filters")
                .define(SESSIONS_CONFIG, Type.INT, SESSIONS_DEFAULT, Range.between(1, SESSIONS_MAX),
                        Importance.MEDIUM, SESSIONS_DOC, SUBSCRIPTION_GROUP, ++order, Width.SHORT, "Sessions")
                .define(SESSIONS_PREVIOUS_CONFIG, Type.INT, 0, Range.between(0, SESSIONS_MAX), Importance.LOW,
                        SESSIONS_PREVIOUS_DOC, SUBSCRIPTION_GROUP, ++order, Width.SHORT, "Previous sessions")
                .define(SHARED_GROUP_CONFIG, Type.STRING, "", new ShareNameValidator(), Importance.LOW,
                        SHARED_GROUP_DOC, SUBSCRIPTION_GROUP, ++order, Width.MEDIUM, "Share name");
    }

    private static void addMapping(ConfigDef def) {
        int order = 0;
        def.define(FORMAT_CONFIG, Type.STRING, PayloadFormat.AUTO.configValue(),
                        ValidString.in(PayloadFormat.configValues()), Importance.HIGH, FORMAT_DOC,
                        MAPPING_GROUP, ++order, Width.SHORT, "Payload format")
                .define(TOPIC_TEMPLATE_CONFIG, Type.STRING, TOPIC_TEMPLATE_DEFAULT, new TopicTemplateValidator(),
                        Importance.HIGH, TOPIC_TEMPLATE_DOC, MAPPING_GROUP, ++order, Width.LONG, "Topic template")
                .define(METER_ID_FIELD_CONFIG, Type.STRING, "", Importance.MEDIUM, METER_ID_FIELD_DOC,
                        MAPPING_GROUP, ++order, Width.MEDIUM, "Meter id field")
                .define(VALUE_NAMES_CONFIG, Type.LIST, "", new ValueNamesValidator(), Importance.MEDIUM,
                        VALUE_NAMES_DOC, MAPPING_GROUP, ++order, Width.LONG, "Value names");
    }

    private static void addKafka(ConfigDef def) {
        int order = 0;
        def.define(KAFKA_TOPIC_CONFIG, Type.STRING, MeterFlowTopics.READINGS.name(), new NonEmptyString(),
                        Importance.MEDIUM, KAFKA_TOPIC_DOC, KAFKA_GROUP, ++order, Width.MEDIUM, "Readings topic")
                .define(DLQ_TOPIC_CONFIG, Type.STRING, MeterFlowTopics.READINGS_DLQ.name(), new NonEmptyString(),
                        Importance.MEDIUM, DLQ_TOPIC_DOC, KAFKA_GROUP, ++order, Width.MEDIUM, "DLQ topic");
    }

    private static void addFlow(ConfigDef def) {
        int order = 0;
        def.define(QUEUE_CAPACITY_CONFIG, Type.INT, 10_000, Range.between(1, 1_000_000), Importance.LOW,
                        QUEUE_CAPACITY_DOC, FLOW_GROUP, ++order, Width.SHORT, "Queue capacity")
                .define(POLL_BATCH_CONFIG, Type.INT, 2_000, Range.between(1, 100_000), Importance.LOW,
                        POLL_BATCH_DOC, FLOW_GROUP, ++order, Width.SHORT, "Poll batch")
                .define(POLL_TIMEOUT_CONFIG, Type.LONG, 200L, Range.between(1, 60_000), Importance.LOW,
                        POLL_TIMEOUT_DOC, FLOW_GROUP, ++order, Width.SHORT, "Poll timeout");
    }

    /** A rule across settings that does not hold: the setting to change and why. */
    public record Problem(String setting, Object value, String reason) {
    }

    /** Rules across settings; the connector's validate() reports each on its setting, a task refuses to start. */
    public List<Problem> crossSettingProblems() {
        final List<Problem> problems = new ArrayList<>();
        if (reconnectBackoffMax().compareTo(reconnectBackoffInitial()) < 0) {
            problems.add(new Problem(RECONNECT_BACKOFF_MAX_CONFIG, getLong(RECONNECT_BACKOFF_MAX_CONFIG),
                    "must not be below " + RECONNECT_BACKOFF_INITIAL_CONFIG));
        }
        if (getInt(SESSIONS_PREVIOUS_CONFIG) != 0 && getInt(SESSIONS_PREVIOUS_CONFIG) <= sessions()) {
            problems.add(new Problem(SESSIONS_PREVIOUS_CONFIG, getInt(SESSIONS_PREVIOUS_CONFIG), "must be 0 or above "
                    + SESSIONS_CONFIG + " (" + sessions() + "): it is the higher number of sessions being lowered from"));
        }
        if (payloadFormat() == PayloadFormat.READING && meterIdField().isPresent()) {
            problems.add(new Problem(METER_ID_FIELD_CONFIG, meterIdField().get(),
                    "only applies to the telemetry format; a MeterFlow reading carries meterId itself"));
        }
        if (!keyStoreLocation().isEmpty() && keyStorePassword().value().isEmpty()) {
            problems.add(new Problem(KEYSTORE_PASSWORD_CONFIG, "(hidden)", "is required with " + KEYSTORE_LOCATION_CONFIG));
        }
        if (username().isEmpty() && !password().value().isEmpty()) {
            problems.add(new Problem(USERNAME_CONFIG, "(empty)", "is required when " + PASSWORD_CONFIG + " is set"));
        }
        return problems;
    }

    public List<String> serverUris() {
        return getList(SERVER_URIS_CONFIG);
    }

    public String username() {
        return getString(USERNAME_CONFIG).trim();
    }

    public Password password() {
        return getPassword(PASSWORD_CONFIG);
    }

    /** The configured client id prefix, or {@code fallback} (the connector name) when empty. */
    public String clientIdPrefix(String fallback) {
        final String prefix = getString(CLIENT_ID_PREFIX_CONFIG).trim();
        return prefix.isEmpty() ? fallback : prefix;
    }

    public int keepAliveSeconds() {
        return getInt(KEEPALIVE_CONFIG);
    }

    public int connectionTimeoutSeconds() {
        return getInt(CONNECTION_TIMEOUT_CONFIG);
    }

    public Duration reconnectBackoffInitial() {
        return Duration.ofMillis(getLong(RECONNECT_BACKOFF_INITIAL_CONFIG));
    }

    public Duration reconnectBackoffMax() {
        return Duration.ofMillis(getLong(RECONNECT_BACKOFF_MAX_CONFIG));
    }

    public int takeoverMaxLosses() {
        return getInt(TAKEOVER_LOSSES_CONFIG);
    }

    public Duration takeoverWindow() {
        return Duration.ofMillis(getLong(TAKEOVER_WINDOW_CONFIG));
    }

    public String trustStoreLocation() {
        return getString(TRUSTSTORE_LOCATION_CONFIG).trim();
    }

    public Password trustStorePassword() {
        return getPassword(TRUSTSTORE_PASSWORD_CONFIG);
    }

    public String trustStoreType() {
        return getString(TRUSTSTORE_TYPE_CONFIG);
    }

    public String keyStoreLocation() {
        return getString(KEYSTORE_LOCATION_CONFIG).trim();
    }

    public Password keyStorePassword() {
        return getPassword(KEYSTORE_PASSWORD_CONFIG);
    }

    public String keyStoreType() {
        return getString(KEYSTORE_TYPE_CONFIG);
    }

    public boolean hostnameVerification() {
        return getBoolean(HOSTNAME_VERIFICATION_CONFIG);
    }

    public List<String> topicFilters() {
        return getList(TOPICS_CONFIG);
    }

    /** The number of persistent MQTT sessions of the whole connector; fixed, whatever tasks.max is. */
    public int sessions() {
        return getInt(SESSIONS_CONFIG);
    }

    /** Every session the tasks must own: the subscribed ones, then those being drained after lowering the count. */
    public int ownedSessions() {
        return Math.max(sessions(), getInt(SESSIONS_PREVIOUS_CONFIG));
    }

    /** A session numbered at or above {@link #sessions()} is being drained: it left the shared group. */
    public boolean isDraining(int session) {
        return session >= sessions();
    }

    public String sharedGroup(String fallback) {
        final String group = getString(SHARED_GROUP_CONFIG).trim();
        return group.isEmpty() ? fallback : group;
    }

    public PayloadFormat payloadFormat() {
        return PayloadFormat.fromConfig(getString(FORMAT_CONFIG));
    }

    public TopicTemplate topicTemplate() {
        return TopicTemplate.compile(getString(TOPIC_TEMPLATE_CONFIG));
    }

    public Optional<String> meterIdField() {
        final String field = getString(METER_ID_FIELD_CONFIG).trim();
        return field.isEmpty() ? Optional.empty() : Optional.of(field);
    }

    public List<ValueName> valueNames() {
        return getList(VALUE_NAMES_CONFIG).stream().map(e -> ValueName.parse(VALUE_NAMES_CONFIG, e)).toList();
    }

    public String kafkaTopic() {
        return getString(KAFKA_TOPIC_CONFIG);
    }

    public String dlqTopic() {
        return getString(DLQ_TOPIC_CONFIG);
    }

    public int queueCapacity() {
        return getInt(QUEUE_CAPACITY_CONFIG);
    }

    public int pollBatchMax() {
        return getInt(POLL_BATCH_CONFIG);
    }

    public Duration pollTimeout() {
        return Duration.ofMillis(getLong(POLL_TIMEOUT_CONFIG));
    }
}
