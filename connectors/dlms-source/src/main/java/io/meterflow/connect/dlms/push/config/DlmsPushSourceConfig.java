package io.meterflow.connect.dlms.push.config;

import io.meterflow.connect.dlms.config.InventorySettings;
import io.meterflow.connect.dlms.config.HexKeyValidator;
import io.meterflow.connect.dlms.push.apdu.CipherKeys;
import io.meterflow.connect.dlms.push.mapping.PushObjectList;
import io.meterflow.connect.dlms.push.meter.PushMeter;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The settings of the DLMS push listener connector; {@code docs/config/dlms-push-source.md} is generated from
 * {@link #CONFIG_DEF}.
 */
public class DlmsPushSourceConfig extends AbstractConfig {

    /** Where the meter list comes from. */
    public enum MeterSourceKind { INLINE, INVENTORY }

    private static final String GROUP_LISTENER = "Listener";
    private static final String GROUP_METERS = "Meters";
    private static final String GROUP_OUTPUT = "Output";

    public static final String LISTEN_ADDRESS_CONFIG = "listen.address";
    private static final String LISTEN_ADDRESS_DOC = "Address the listener binds to (0.0.0.0: every interface).";

    public static final String LISTEN_PORT_CONFIG = "listen.port";
    private static final String LISTEN_PORT_DOC = "TCP port of task 0; task n listens on listen.port + n, so tasks.max "
            + "tasks take tasks.max consecutive ports (put one address in front of them with a TCP load balancer, or "
            + "give meter groups different ports). 4059 is the IANA port of DLMS/COSEM.";

    public static final String MAX_CONNECTIONS_CONFIG = "max.connections";
    private static final String MAX_CONNECTIONS_DOC = "Connections one task serves at once; a connection beyond it is "
            + "closed at once (the meter retries later) and counted in connections-refused-total.";

    public static final String IDLE_TIMEOUT_CONFIG = "idle.timeout.ms";
    private static final String IDLE_TIMEOUT_DOC = "Longest wait for the first byte of a frame. A connection that "
            + "sends nothing that long before its first push goes to the dead-letter topic as IDLE_TIMEOUT; after a "
            + "push it is just closed.";

    public static final String FRAME_TIMEOUT_CONFIG = "frame.timeout.ms";
    private static final String FRAME_TIMEOUT_DOC = "Longest time one frame may take to arrive once it began; a slower "
            + "one (a slowloris peer) goes to the dead-letter topic as SLOW_FRAME and the connection is closed.";

    public static final String MAX_APDU_CONFIG = "max.apdu.bytes";
    private static final String MAX_APDU_DOC = "Largest APDU accepted in one wrapper frame.";

    public static final String COMMIT_TIMEOUT_CONFIG = "commit.timeout.ms";
    private static final String COMMIT_TIMEOUT_DOC = "How long a connection waits for Kafka to store its push. The push "
            + "is acknowledged (and the connection closed gracefully) only once its records are stored; when that "
            + "takes longer the connection is reset without acknowledgement, so the meter pushes again.";

    public static final String METERS_SOURCE_CONFIG = "meters.source";
    private static final String METERS_SOURCE_DOC = "Where the pushing meters come from: INLINE (the 'meters' setting) "
            + "or INVENTORY (rows of the inventory table with protocol 'dlms-push' or a system title, re-read every "
            + "inventory.refresh.interval.ms).";

    public static final String METERS_CONFIG = "meters";
    private static final String METERS_DOC = "Inline meters as 'meterId' (plain pushes, named by the logical device "
            + "name 0.0.42.0.0.255 = meterId) or 'meterId@SYSTEMTITLE' (16 hex digits; ciphered pushes with the "
            + "meter.* keys, plain ones too).";

    public static final String METER_ENC_KEY_CONFIG = "meter.encryption.key";
    private static final String METER_ENC_KEY_DOC = "Global unicast encryption key (AES-GCM-128) of inline meters with "
            + "a system title, 32 hex digits.";

    public static final String METER_AUTH_KEY_CONFIG = "meter.authentication.key";
    private static final String METER_AUTH_KEY_DOC = "Authentication key of inline meters with a system title, "
            + "32 hex digits.";

    public static final String OBJECT_LIST_CONFIG = "push.object.list";
    private static final String OBJECT_LIST_DOC = "What the meters' push setup sends, in order (the inventory can set "
            + "it per meter). Comma-separated: OBIS codes (logical device name 0.0.42.0.0.255, clock 0.0.1.0.0.255, "
            + "alarm registers 0.0.97.98.x.255, event codes 0.0.96.11.x.255, the push setup 0.x.25.9.x.255 when the "
            + "push names it), registers as OBIS[scaler,unit], a "
            + "profile buffer as OBIS{column;column;...} with its capture objects. See docs/dlms.md.";

    public static final String REQUIRE_CIPHERING_CONFIG = "require.ciphering";
    private static final String REQUIRE_CIPHERING_DOC = "Accept only ciphered (general-glo-ciphering) pushes; a plain "
            + "push then goes to the dead-letter topic as UNAUTHENTICATED.";

    public static final String INVENTORY_URL_CONFIG = InventorySettings.URL_CONFIG;
    private static final String INVENTORY_TABLE_DOC = "Inventory table (schemas/sql V1 and V4): the rows with protocol "
            + "'dlms-push' or a system title are the pushing meters.";
    private static final String INVENTORY_REFRESH_DOC = "How often each task re-reads the pushing meters; a meter added "
            + "to the inventory is accepted from then on.";

    public static final String READINGS_TOPIC_CONFIG = "readings.topic";
    private static final String READINGS_TOPIC_DOC = "Topic of the register values of each push.";

    public static final String INTERVALS_TOPIC_CONFIG = "intervals.topic";
    private static final String INTERVALS_TOPIC_DOC = "Topic of the pushed profile rows.";

    public static final String EVENTS_TOPIC_CONFIG = "events.topic";
    private static final String EVENTS_TOPIC_DOC = "Topic of the pushed alarms and event codes.";

    public static final String DLQ_TOPIC_CONFIG = "dlq.topic";
    private static final String DLQ_TOPIC_DOC = "Dead-letter topic: the bytes of what was not accepted, with headers "
            + "naming the reason, the peer and the connector.";

    public static final String QUEUE_CAPACITY_CONFIG = "queue.capacity";
    private static final String QUEUE_CAPACITY_DOC = "Records buffered between the connections and Connect; a "
            + "connection waits (within commit.timeout.ms) while it is full.";

    public static final ConfigDef CONFIG_DEF = configDef();

    public DlmsPushSourceConfig(Map<?, ?> props) {
        super(CONFIG_DEF, props);
    }

    protected DlmsPushSourceConfig(ConfigDef def, Map<?, ?> props) {
        super(def, props);
    }

    private static ConfigDef configDef() {
        final ConfigDef def = new ConfigDef();
        addListenerSettings(def);
        addMeterSettings(def);
        InventorySettings.define(def, INVENTORY_TABLE_DOC, INVENTORY_REFRESH_DOC);
        addOutputSettings(def);
        return def;
    }

    private static void addListenerSettings(ConfigDef def) {
        int order = 0;
        def.define(LISTEN_ADDRESS_CONFIG, Type.STRING, "0.0.0.0", new ConfigDef.NonEmptyString(), Importance.HIGH,
                        LISTEN_ADDRESS_DOC, GROUP_LISTENER, ++order, Width.MEDIUM, "Bind address")
                .define(LISTEN_PORT_CONFIG, Type.INT, 4059, Range.between(0, 0xFFFF), Importance.HIGH, LISTEN_PORT_DOC,
                        GROUP_LISTENER, ++order, Width.SHORT, "Port")
                .define(MAX_CONNECTIONS_CONFIG, Type.INT, 256, Range.between(1, 10_000), Importance.MEDIUM,
                        MAX_CONNECTIONS_DOC, GROUP_LISTENER, ++order, Width.SHORT, "Connection limit")
                .define(IDLE_TIMEOUT_CONFIG, Type.LONG, 30_000L, Range.between(100, 3_600_000), Importance.MEDIUM,
                        IDLE_TIMEOUT_DOC, GROUP_LISTENER, ++order, Width.SHORT, "Idle timeout")
                .define(FRAME_TIMEOUT_CONFIG, Type.LONG, 10_000L, Range.between(100, 600_000), Importance.MEDIUM,
                        FRAME_TIMEOUT_DOC, GROUP_LISTENER, ++order, Width.SHORT, "Frame timeout")
                .define(MAX_APDU_CONFIG, Type.INT, 16_384, Range.between(64, 65_535), Importance.LOW, MAX_APDU_DOC,
                        GROUP_LISTENER, ++order, Width.SHORT, "Largest APDU")
                .define(COMMIT_TIMEOUT_CONFIG, Type.LONG, 60_000L, Range.between(100, 3_600_000), Importance.MEDIUM,
                        COMMIT_TIMEOUT_DOC, GROUP_LISTENER, ++order, Width.SHORT, "Commit timeout");
    }

    private static void addMeterSettings(ConfigDef def) {
        int order = 0;
        def.define(METERS_SOURCE_CONFIG, Type.STRING, MeterSourceKind.INLINE.name(),
                        ConfigDef.ValidString.in(MeterSourceKind.INLINE.name(), MeterSourceKind.INVENTORY.name()),
                        Importance.HIGH, METERS_SOURCE_DOC, GROUP_METERS, ++order, Width.SHORT, "Meter source")
                .define(METERS_CONFIG, Type.LIST, List.of(), new InlinePushMeterValidator(), Importance.HIGH,
                        METERS_DOC, GROUP_METERS, ++order, Width.LONG, "Inline meters")
                .define(METER_ENC_KEY_CONFIG, Type.PASSWORD, null, new HexKeyValidator(), Importance.HIGH,
                        METER_ENC_KEY_DOC, GROUP_METERS, ++order, Width.MEDIUM, "Encryption key")
                .define(METER_AUTH_KEY_CONFIG, Type.PASSWORD, null, new HexKeyValidator(), Importance.HIGH,
                        METER_AUTH_KEY_DOC, GROUP_METERS, ++order, Width.MEDIUM, "Authentication key")
                .define(OBJECT_LIST_CONFIG, Type.STRING, PushObjectList.DEFAULT, new PushObjectListValidator(),
                        Importance.HIGH, OBJECT_LIST_DOC, GROUP_METERS, ++order, Width.LONG, "Push object list")
                .define(REQUIRE_CIPHERING_CONFIG, Type.BOOLEAN, false, Importance.MEDIUM, REQUIRE_CIPHERING_DOC,
                        GROUP_METERS, ++order, Width.SHORT, "Require ciphering");
    }


    private static void addOutputSettings(ConfigDef def) {
        int order = 0;
        def.define(READINGS_TOPIC_CONFIG, Type.STRING, "meter-readings", new ConfigDef.NonEmptyString(),
                        Importance.HIGH, READINGS_TOPIC_DOC, GROUP_OUTPUT, ++order, Width.MEDIUM, "Readings topic")
                .define(INTERVALS_TOPIC_CONFIG, Type.STRING, "meter-intervals", new ConfigDef.NonEmptyString(),
                        Importance.HIGH, INTERVALS_TOPIC_DOC, GROUP_OUTPUT, ++order, Width.MEDIUM, "Intervals topic")
                .define(EVENTS_TOPIC_CONFIG, Type.STRING, "meter-events", new ConfigDef.NonEmptyString(),
                        Importance.HIGH, EVENTS_TOPIC_DOC, GROUP_OUTPUT, ++order, Width.MEDIUM, "Events topic")
                .define(DLQ_TOPIC_CONFIG, Type.STRING, "meter-push-dlq", new ConfigDef.NonEmptyString(),
                        Importance.HIGH, DLQ_TOPIC_DOC, GROUP_OUTPUT, ++order, Width.MEDIUM, "Dead-letter topic")
                .define(QUEUE_CAPACITY_CONFIG, Type.INT, 10_000, Range.between(10, 1_000_000), Importance.LOW,
                        QUEUE_CAPACITY_DOC, GROUP_OUTPUT, ++order, Width.SHORT, "Queue capacity");
    }

    public String listenAddress() {
        return getString(LISTEN_ADDRESS_CONFIG);
    }

    public int listenPort() {
        return getInt(LISTEN_PORT_CONFIG);
    }

    public int maxConnections() {
        return getInt(MAX_CONNECTIONS_CONFIG);
    }

    public Duration idleTimeout() {
        return Duration.ofMillis(getLong(IDLE_TIMEOUT_CONFIG));
    }

    public Duration frameTimeout() {
        return Duration.ofMillis(getLong(FRAME_TIMEOUT_CONFIG));
    }

    public int maxApduBytes() {
        return getInt(MAX_APDU_CONFIG);
    }

    public Duration commitTimeout() {
        return Duration.ofMillis(getLong(COMMIT_TIMEOUT_CONFIG));
    }

    public MeterSourceKind meterSource() {
        return MeterSourceKind.valueOf(getString(METERS_SOURCE_CONFIG).toUpperCase(Locale.ROOT));
    }

    public PushObjectList objectList() {
        return PushObjectList.parse(getString(OBJECT_LIST_CONFIG));
    }

    public boolean requireCiphering() {
        return getBoolean(REQUIRE_CIPHERING_CONFIG);
    }

    /** The inline meters, each with the shared keys when it has a system title and both keys are set. */
    public List<PushMeter> inlineMeters() {
        final CipherKeys keys = keys();
        final PushObjectList list = objectList();
        final List<PushMeter> meters = new ArrayList<>();
        for (String entry : getList(METERS_CONFIG)) {
            final InlinePushMeterValidator.Entry parsed = InlinePushMeterValidator.parse(entry);
            meters.add(new PushMeter(parsed.meterId(), parsed.systemTitle(),
                    parsed.systemTitle() == null ? null : keys, list));
        }
        return meters;
    }

    public boolean hasInlineKeys() {
        return getPassword(METER_ENC_KEY_CONFIG) != null && getPassword(METER_AUTH_KEY_CONFIG) != null;
    }

    private CipherKeys keys() {
        final Password enc = getPassword(METER_ENC_KEY_CONFIG);
        final Password auth = getPassword(METER_AUTH_KEY_CONFIG);
        return enc == null || auth == null ? null
                : new CipherKeys(HexFormat.of().parseHex(enc.value()), HexFormat.of().parseHex(auth.value()));
    }

    public InventorySettings inventory() {
        return InventorySettings.of(this);
    }

    public String readingsTopic() {
        return getString(READINGS_TOPIC_CONFIG);
    }

    public String intervalsTopic() {
        return getString(INTERVALS_TOPIC_CONFIG);
    }

    public String eventsTopic() {
        return getString(EVENTS_TOPIC_CONFIG);
    }

    public String dlqTopic() {
        return getString(DLQ_TOPIC_CONFIG);
    }

    public int queueCapacity() {
        return getInt(QUEUE_CAPACITY_CONFIG);
    }

    /** Rejects a value that does not parse, naming the entry. */
    static final class PushObjectListValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            try {
                PushObjectList.parse((String) value);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, e.getMessage());
            }
        }

        @Override
        public String toString() {
            return "OBIS entries, registers as OBIS[scaler,unit], profiles as OBIS{columns}";
        }
    }
}
