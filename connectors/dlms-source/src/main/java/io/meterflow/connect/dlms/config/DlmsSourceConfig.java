package io.meterflow.connect.dlms.config;

import io.meterflow.connect.dlms.meter.AuthMechanism;
import io.meterflow.connect.dlms.meter.MeterTransport;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.types.Password;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The settings of the DLMS/COSEM source connector; {@code docs/config/dlms-source.md} is generated from {@link #CONFIG_DEF}. */
public class DlmsSourceConfig extends AbstractConfig {

    /** Where the meter list comes from. */
    public enum MeterSourceKind { INLINE, INVENTORY }

    private static final String GROUP_METERS = "Meters";
    private static final String GROUP_POLLING = "Polling";
    private static final String GROUP_PROFILE = "Load profile";
    private static final String GROUP_OUTPUT = "Output";

    public static final String METERS_SOURCE_CONFIG = "meters.source";
    private static final String METERS_SOURCE_DOC = "Where the meter list comes from: INLINE (the 'meters' setting) or "
            + "INVENTORY (a PostgreSQL table, watched for changes).";

    public static final String METERS_CONFIG = "meters";
    private static final String METERS_DOC = "Inline meters as 'meterId@host:port' entries, used when meters.source=INLINE. "
            + "They share the meter.* settings. With meter.transport=HDLC an entry may name the meter's physical (lower "
            + "HDLC) address behind its gateway: 'meterId@host:port/17'; meters with the same host:port share that "
            + "gateway (one association at a time).";

    public static final String METER_TRANSPORT_CONFIG = "meter.transport";
    private static final String METER_TRANSPORT_DOC = "How inline meters are reached: WRAPPER (IEC 62056-47 TCP "
            + "wrapper, a port per meter) or HDLC (IEC 62056-46 over TCP, e.g. through a serial-to-TCP gateway; "
            + "meter.client.id is then the client HDLC address, 1-127, and meter.logical.device.id the upper HDLC "
            + "address). The inventory column transport sets it per meter.";

    public static final String METER_HDLC_MAX_INFO_CONFIG = "meter.hdlc.max.info.length";
    private static final String METER_HDLC_MAX_INFO_DOC = "HDLC meters: the largest information field (bytes, both "
            + "directions) proposed in the SNRM; the meter's UA answers with the smaller of this and its own limit, "
            + "and its answers longer than that arrive in segments. Requests are never segmented (jDLMS 1.8.0 cannot), "
            + "so the negotiated field must hold the longest request: an HLS5_GMAC association request needs "
            + "147 bytes. The inventory column hdlc_max_info_length overrides it per meter.";

    public static final String METER_CLIENT_ID_CONFIG = "meter.client.id";
    private static final String METER_CLIENT_ID_DOC = "Client (source) wrapper port of inline meters: 16 is the public "
            + "client (no authentication), 17 is commonly LLS, 1 the management client (HLS).";

    public static final String METER_LOGICAL_DEVICE_CONFIG = "meter.logical.device.id";
    private static final String METER_LOGICAL_DEVICE_DOC = "Logical device (server wrapper port) of inline meters.";

    public static final String METER_AUTH_CONFIG = "meter.auth.mechanism";
    private static final String METER_AUTH_DOC = "Authentication of inline meters: NONE, LOW (LLS password) or HLS5_GMAC "
            + "(with AES-GCM-128 ciphering).";

    public static final String METER_PASSWORD_CONFIG = "meter.password";
    private static final String METER_PASSWORD_DOC = "LLS password of inline meters (meter.auth.mechanism=LOW).";

    public static final String METER_AUTH_KEY_CONFIG = "meter.authentication.key";
    private static final String METER_AUTH_KEY_DOC = "HLS5-GMAC authentication key of inline meters, 32 hex digits.";

    public static final String METER_ENC_KEY_CONFIG = "meter.encryption.key";
    private static final String METER_ENC_KEY_DOC = "Global unicast encryption key (AES-GCM-128) of inline meters, 32 hex digits.";

    public static final String METER_COUNTER_OBIS_CONFIG = "meter.invocation.counter.obis";
    private static final String METER_COUNTER_OBIS_DOC = "HLS5_GMAC meters: the Data object holding the meter's "
            + "invocation counter (the last one it accepted from the client), read through the public client 16 without "
            + "ciphering before the first association and after a rejection, so the connector starts above it. IDIS "
            + "meters keep it in 0.0.43.1.x.255 with x the client's security setup (1 for the management client 1; "
            + "DSMR meters often use 0.0.43.1.0.255). Empty: the meters have no readable counter object. The inventory "
            + "column invocation_counter_obis overrides it per meter.";

    public static final String INVOCATION_COUNTER_JUMP_CONFIG = "invocation.counter.jump";
    private static final String INVOCATION_COUNTER_JUMP_DOC = "HLS5_GMAC meters whose counter object cannot be read: how "
            + "far above the invocation counter persisted in Kafka (with each reading's source offset) a new task "
            + "starts, and how far it jumps once when the meter rejects a counter. It must exceed the APDUs a task "
            + "may send to one meter between two offset commits (offset.flush.interval.ms), or a crash could replay "
            + "counters the meter already saw.";

    public static final String INVENTORY_URL_CONFIG = InventorySettings.URL_CONFIG;
    public static final String INVENTORY_TABLE_CONFIG = InventorySettings.TABLE_CONFIG;
    private static final String INVENTORY_TABLE_DOC = "Inventory table (see schemas/sql/V1__meter_inventory.sql); only "
            + "enabled rows with protocol 'dlms' are polled.";
    private static final String INVENTORY_REFRESH_DOC = "How often the connector re-reads the inventory; a changed, added "
            + "or removed meter reconfigures the tasks without a worker restart.";

    public static final String POLL_INTERVAL_CONFIG = "poll.interval.ms";
    private static final String POLL_INTERVAL_DOC = "Poll cycle of each meter (the inventory can set it per meter). "
            + "First polls are spread over one interval so meters are not polled at once.";

    public static final String REGISTERS_CONFIG = "registers";
    private static final String REGISTERS_DOC = "OBIS codes of the Register (class 3) objects read each cycle, together "
            + "with the clock 0.0.1.0.0.255, in one GET-with-list.";

    public static final String MAX_CONCURRENT_CONFIG = "max.concurrent.polls";
    private static final String MAX_CONCURRENT_DOC = "Meters one task polls at the same time (one association each).";

    public static final String CONNECTION_RATE_CONFIG = "connections.per.second";
    private static final String CONNECTION_RATE_DOC = "Most new TCP connections (associations) one task opens per second.";

    public static final String CONNECT_TIMEOUT_CONFIG = "connect.timeout.ms";
    private static final String CONNECT_TIMEOUT_DOC = "Longest wait for a TCP connection; the association request then has "
            + "response.timeout.ms on top.";

    public static final String RESPONSE_TIMEOUT_CONFIG = "response.timeout.ms";
    private static final String RESPONSE_TIMEOUT_DOC = "Longest wait for a meter's answer to one request.";

    public static final String BACKOFF_MAX_CONFIG = "backoff.max.ms";
    private static final String BACKOFF_MAX_DOC = "Cap of the exponential backoff for failing meters: after n "
            + "consecutive failed cycles (any status but OK: TIMEOUT, UNREACHABLE, PROTOCOL_ERROR, AUTH_FAILED) the next "
            + "poll waits poll interval x 2^(n-1), at most this long; one good cycle restores the interval.";

    public static final String KEEP_OPEN_CONFIG = "association.keep.open";
    private static final String KEEP_OPEN_DOC = "Keep a meter's association open between cycles (saves the association "
            + "exchange when the poll interval is short); it is dropped after any failure.";

    public static final String PROFILE_ENABLED_CONFIG = "profile.enabled";
    private static final String PROFILE_ENABLED_DOC = "Read the load profile incrementally into the intervals topic.";

    public static final String PROFILE_OBIS_CONFIG = "profile.obis";
    private static final String PROFILE_OBIS_DOC = "OBIS code of the Profile Generic (class 7) load profile.";

    public static final String PROFILE_READ_INTERVAL_CONFIG = "profile.read.interval.ms";
    private static final String PROFILE_READ_INTERVAL_DOC = "How often each meter's load profile is read (after the "
            + "register read of a successful cycle); a backlog is read on consecutive cycles.";

    public static final String PROFILE_LOOKBACK_CONFIG = "profile.initial.lookback.ms";
    private static final String PROFILE_LOOKBACK_DOC = "How far back the first read of a meter without a stored source "
            + "offset starts.";

    public static final String PROFILE_MAX_ROWS_CONFIG = "profile.max.rows.per.read";
    private static final String PROFILE_MAX_ROWS_DOC = "Largest number of capture periods one range read asks for.";

    public static final String READINGS_TOPIC_CONFIG = "readings.topic";
    private static final String READINGS_TOPIC_DOC = "Topic of the per-cycle readings (one record per meter and cycle).";

    public static final String INTERVALS_TOPIC_CONFIG = "intervals.topic";
    private static final String INTERVALS_TOPIC_DOC = "Topic of the load-profile rows.";

    public static final String QUEUE_CAPACITY_CONFIG = "queue.capacity";
    private static final String QUEUE_CAPACITY_DOC = "Records buffered between the pollers and Connect; pollers wait when "
            + "it is full.";

    public static final List<String> DEFAULT_REGISTERS = List.of("1.0.1.8.0.255", "1.0.2.8.0.255", "1.0.32.7.0.255",
            "1.0.31.7.0.255", "1.0.1.7.0.255");

    public static final String DEFAULT_INVOCATION_COUNTER_OBIS = "0.0.43.1.1.255";

    public static final ConfigDef CONFIG_DEF = configDef();

    public DlmsSourceConfig(Map<?, ?> props) {
        super(CONFIG_DEF, props);
    }

    protected DlmsSourceConfig(ConfigDef def, Map<?, ?> props) {
        super(def, props);
    }

    private static ConfigDef configDef() {
        final ConfigDef def = new ConfigDef();
        addMeterSettings(def);
        InventorySettings.define(def, INVENTORY_TABLE_DOC, INVENTORY_REFRESH_DOC);
        addPollingSettings(def);
        addProfileSettings(def);
        addOutputSettings(def);
        ClockSettings.define(def);
        BackfillSettings.define(def);
        return def;
    }

    private static void addMeterSettings(ConfigDef def) {
        int order = 0;
        def.define(METERS_SOURCE_CONFIG, Type.STRING, MeterSourceKind.INLINE.name(),
                        enumValidator(MeterSourceKind.class), Importance.HIGH, METERS_SOURCE_DOC, GROUP_METERS, ++order,
                        Width.SHORT, "Meter source")
                .define(METERS_CONFIG, Type.LIST, List.of(), new InlineMeterValidator(), Importance.HIGH, METERS_DOC,
                        GROUP_METERS, ++order, Width.LONG, "Inline meters")
                .define(METER_TRANSPORT_CONFIG, Type.STRING, MeterTransport.Kind.WRAPPER.name(),
                        enumValidator(MeterTransport.Kind.class), Importance.MEDIUM, METER_TRANSPORT_DOC, GROUP_METERS,
                        ++order, Width.SHORT, "Transport")
                .define(METER_HDLC_MAX_INFO_CONFIG, Type.INT, MeterTransport.MAX_INFORMATION_LENGTH,
                        Range.between(MeterTransport.MIN_INFORMATION_LENGTH, MeterTransport.MAX_INFORMATION_LENGTH),
                        Importance.LOW, METER_HDLC_MAX_INFO_DOC, GROUP_METERS, ++order, Width.SHORT,
                        "HDLC max information field")
                .define(METER_CLIENT_ID_CONFIG, Type.INT, 16, Range.between(1, 0xFFFF), Importance.MEDIUM,
                        METER_CLIENT_ID_DOC, GROUP_METERS, ++order, Width.SHORT, "Client id")
                .define(METER_LOGICAL_DEVICE_CONFIG, Type.INT, 1, Range.between(1, 0xFFFF), Importance.MEDIUM,
                        METER_LOGICAL_DEVICE_DOC, GROUP_METERS, ++order, Width.SHORT, "Logical device")
                .define(METER_AUTH_CONFIG, Type.STRING, AuthMechanism.NONE.name(), enumValidator(AuthMechanism.class),
                        Importance.HIGH, METER_AUTH_DOC, GROUP_METERS, ++order, Width.SHORT, "Authentication")
                .define(METER_PASSWORD_CONFIG, Type.PASSWORD, null, Importance.HIGH, METER_PASSWORD_DOC,
                        GROUP_METERS, ++order, Width.MEDIUM, "LLS password")
                .define(METER_AUTH_KEY_CONFIG, Type.PASSWORD, null, new HexKeyValidator(), Importance.HIGH,
                        METER_AUTH_KEY_DOC, GROUP_METERS, ++order, Width.MEDIUM, "HLS authentication key")
                .define(METER_ENC_KEY_CONFIG, Type.PASSWORD, null, new HexKeyValidator(), Importance.HIGH,
                        METER_ENC_KEY_DOC, GROUP_METERS, ++order, Width.MEDIUM, "Encryption key")
                .define(METER_COUNTER_OBIS_CONFIG, Type.STRING, DEFAULT_INVOCATION_COUNTER_OBIS,
                        emptyOr(new ObisListValidator()), Importance.MEDIUM, METER_COUNTER_OBIS_DOC, GROUP_METERS, ++order,
                        Width.SHORT, "Invocation counter object")
                .define(INVOCATION_COUNTER_JUMP_CONFIG, Type.LONG, 10_000L, Range.between(1, 100_000_000L),
                        Importance.LOW, INVOCATION_COUNTER_JUMP_DOC, GROUP_METERS, ++order, Width.SHORT,
                        "Invocation counter jump");
    }

    private static void addPollingSettings(ConfigDef def) {
        int order = 0;
        def.define(POLL_INTERVAL_CONFIG, Type.LONG, 60_000L, Range.atLeast(100), Importance.HIGH, POLL_INTERVAL_DOC,
                        GROUP_POLLING, ++order, Width.SHORT, "Poll interval")
                .define(REGISTERS_CONFIG, Type.LIST, DEFAULT_REGISTERS, new ObisListValidator(), Importance.HIGH,
                        REGISTERS_DOC, GROUP_POLLING, ++order, Width.LONG, "Registers")
                .define(MAX_CONCURRENT_CONFIG, Type.INT, 16, Range.between(1, 1_024), Importance.MEDIUM,
                        MAX_CONCURRENT_DOC, GROUP_POLLING, ++order, Width.SHORT, "Concurrency")
                .define(CONNECTION_RATE_CONFIG, Type.DOUBLE, 50.0, Range.atLeast(0.01), Importance.MEDIUM,
                        CONNECTION_RATE_DOC, GROUP_POLLING, ++order, Width.SHORT, "Connection rate")
                .define(CONNECT_TIMEOUT_CONFIG, Type.INT, 5_000, Range.between(10, 600_000), Importance.MEDIUM,
                        CONNECT_TIMEOUT_DOC, GROUP_POLLING, ++order, Width.SHORT, "Connect timeout")
                .define(RESPONSE_TIMEOUT_CONFIG, Type.INT, 5_000, Range.between(10, 600_000), Importance.MEDIUM,
                        RESPONSE_TIMEOUT_DOC, GROUP_POLLING, ++order, Width.SHORT, "Response timeout")
                .define(BACKOFF_MAX_CONFIG, Type.LONG, 600_000L, Range.atLeast(0), Importance.LOW, BACKOFF_MAX_DOC,
                        GROUP_POLLING, ++order, Width.SHORT, "Backoff cap")
                .define(KEEP_OPEN_CONFIG, Type.BOOLEAN, true, Importance.LOW, KEEP_OPEN_DOC, GROUP_POLLING, ++order,
                        Width.SHORT, "Keep associations open");
    }

    private static void addProfileSettings(ConfigDef def) {
        int order = 0;
        def.define(PROFILE_ENABLED_CONFIG, Type.BOOLEAN, true, Importance.MEDIUM, PROFILE_ENABLED_DOC, GROUP_PROFILE,
                        ++order, Width.SHORT, "Read load profile")
                .define(PROFILE_OBIS_CONFIG, Type.STRING, "1.0.99.1.0.255", new ObisListValidator(), Importance.MEDIUM,
                        PROFILE_OBIS_DOC, GROUP_PROFILE, ++order, Width.SHORT, "Profile OBIS")
                .define(PROFILE_READ_INTERVAL_CONFIG, Type.LONG, 900_000L, Range.atLeast(0), Importance.MEDIUM,
                        PROFILE_READ_INTERVAL_DOC, GROUP_PROFILE, ++order, Width.SHORT, "Profile read interval")
                .define(PROFILE_LOOKBACK_CONFIG, Type.LONG, 86_400_000L, Range.atLeast(0), Importance.MEDIUM,
                        PROFILE_LOOKBACK_DOC, GROUP_PROFILE, ++order, Width.SHORT, "Initial lookback")
                .define(PROFILE_MAX_ROWS_CONFIG, Type.INT, 200, Range.between(1, 10_000), Importance.LOW,
                        PROFILE_MAX_ROWS_DOC, GROUP_PROFILE, ++order, Width.SHORT, "Rows per read");
    }

    private static void addOutputSettings(ConfigDef def) {
        int order = 0;
        def.define(READINGS_TOPIC_CONFIG, Type.STRING, "meter-readings", new ConfigDef.NonEmptyString(),
                        Importance.HIGH, READINGS_TOPIC_DOC, GROUP_OUTPUT, ++order, Width.MEDIUM, "Readings topic")
                .define(INTERVALS_TOPIC_CONFIG, Type.STRING, "meter-intervals", new ConfigDef.NonEmptyString(),
                        Importance.HIGH, INTERVALS_TOPIC_DOC, GROUP_OUTPUT, ++order, Width.MEDIUM, "Intervals topic")
                .define(QUEUE_CAPACITY_CONFIG, Type.INT, 10_000, Range.between(10, 1_000_000), Importance.LOW,
                        QUEUE_CAPACITY_DOC, GROUP_OUTPUT, ++order, Width.SHORT, "Queue capacity");
    }

    private static ConfigDef.Validator emptyOr(ConfigDef.Validator validator) {
        return ConfigDef.LambdaValidator.with((name, value) -> {
            if (value != null && !String.valueOf(value).isBlank()) {
                validator.ensureValid(name, String.valueOf(value).trim());
            }
        }, () -> "empty or " + validator);
    }

    private static <E extends Enum<E>> ConfigDef.Validator enumValidator(Class<E> type) {
        return ConfigDef.CaseInsensitiveValidString.in(
                Arrays.stream(type.getEnumConstants()).map(Enum::name).toArray(String[]::new));
    }

    public MeterSourceKind meterSource() {
        return MeterSourceKind.valueOf(getString(METERS_SOURCE_CONFIG).toUpperCase(Locale.ROOT));
    }

    public List<String> inlineMeters() {
        return getList(METERS_CONFIG);
    }

    public MeterTransport.Kind transport() {
        return MeterTransport.kind(getString(METER_TRANSPORT_CONFIG));
    }

    public int hdlcMaxInformationLength() {
        return getInt(METER_HDLC_MAX_INFO_CONFIG);
    }

    public int clientId() {
        return getInt(METER_CLIENT_ID_CONFIG);
    }

    public int logicalDeviceId() {
        return getInt(METER_LOGICAL_DEVICE_CONFIG);
    }

    public AuthMechanism authMechanism() {
        return AuthMechanism.valueOf(getString(METER_AUTH_CONFIG).toUpperCase(Locale.ROOT));
    }

    public Password password() {
        return getPassword(METER_PASSWORD_CONFIG);
    }

    public Password authenticationKey() {
        return getPassword(METER_AUTH_KEY_CONFIG);
    }

    public Password encryptionKey() {
        return getPassword(METER_ENC_KEY_CONFIG);
    }

    /** Empty when the meters have no readable invocation counter object. */
    public String invocationCounterObis() {
        return getString(METER_COUNTER_OBIS_CONFIG).trim();
    }

    public long invocationCounterJump() {
        return getLong(INVOCATION_COUNTER_JUMP_CONFIG);
    }

    public InventorySettings inventory() {
        return InventorySettings.of(this);
    }

    public Duration pollInterval() {
        return Duration.ofMillis(getLong(POLL_INTERVAL_CONFIG));
    }

    public List<String> registers() {
        return getList(REGISTERS_CONFIG);
    }

    public int maxConcurrentPolls() {
        return getInt(MAX_CONCURRENT_CONFIG);
    }

    public double connectionsPerSecond() {
        return getDouble(CONNECTION_RATE_CONFIG);
    }

    public Duration connectTimeout() {
        return Duration.ofMillis(getInt(CONNECT_TIMEOUT_CONFIG));
    }

    public Duration responseTimeout() {
        return Duration.ofMillis(getInt(RESPONSE_TIMEOUT_CONFIG));
    }

    public Duration backoffMax() {
        return Duration.ofMillis(getLong(BACKOFF_MAX_CONFIG));
    }

    public boolean keepAssociationOpen() {
        return getBoolean(KEEP_OPEN_CONFIG);
    }

    public boolean profileEnabled() {
        return getBoolean(PROFILE_ENABLED_CONFIG);
    }

    public String profileObis() {
        return getString(PROFILE_OBIS_CONFIG);
    }

    public Duration profileReadInterval() {
        return Duration.ofMillis(getLong(PROFILE_READ_INTERVAL_CONFIG));
    }

    public Duration profileLookback() {
        return Duration.ofMillis(getLong(PROFILE_LOOKBACK_CONFIG));
    }

    public int profileMaxRows() {
        return getInt(PROFILE_MAX_ROWS_CONFIG);
    }

    public String readingsTopic() {
        return getString(READINGS_TOPIC_CONFIG);
    }

    public String intervalsTopic() {
        return getString(INTERVALS_TOPIC_CONFIG);
    }

    public int queueCapacity() {
        return getInt(QUEUE_CAPACITY_CONFIG);
    }

    public ClockSettings.Values clock() {
        return ClockSettings.of(this);
    }

    public BackfillSettings.Values backfill() {
        return BackfillSettings.of(this);
    }
}
