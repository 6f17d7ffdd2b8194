package io.meterflow.connect.dlms.config;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

import java.time.Duration;

/** The "Clock" group of the DLMS source: clock synchronisation and when interval rows are clock-suspect. */
public final class ClockSettings {

    private static final String GROUP = "Clock";

    public static final String SYNC_ENABLED_CONFIG = "clock.sync.enabled";
    private static final String SYNC_ENABLED_DOC = "Set the clock of meters whose drift exceeds clock.sync.threshold.ms "
            + "(Clock 0.0.1.0.0.255: SET of attribute 2, or method shift_time where the meter denies the write). Needs "
            + "an authenticated client (meter.auth.mechanism LOW or HLS5_GMAC); the inventory's clock_sync column "
            + "overrides it per meter. Every attempt is written to clock.sync.topic.";

    public static final String SYNC_THRESHOLD_CONFIG = "clock.sync.threshold.ms";
    private static final String SYNC_THRESHOLD_DOC = "Drift (meter clock minus true time, either sign) above which a "
            + "meter's clock is set.";

    public static final String SYNC_MIN_INTERVAL_CONFIG = "clock.sync.min.interval.ms";
    private static final String SYNC_MIN_INTERVAL_DOC = "Least time between two attempts on one meter, whatever their "
            + "result. A starting task reads the last attempt back from its source offset (partition "
            + "{meterId, stream=clock-sync}), so restarts and rebalances keep the interval.";

    public static final String SUSPECT_THRESHOLD_CONFIG = "clock.suspect.threshold.ms";
    private static final String SUSPECT_THRESHOLD_DOC = "Load-profile rows are flagged CLOCK_SUSPECT when the meter's "
            + "clock offset exceeded this at the read that fetched them or at any read since the previous profile read, "
            + "and when their capture period contains a clock adjustment.";

    public static final String SYNC_TOPIC_CONFIG = "clock.sync.topic";
    private static final String SYNC_TOPIC_DOC = "Topic of the clock synchronisation audit (one record per attempt).";

    private ClockSettings() {
    }

    static void define(ConfigDef def) {
        int order = 0;
        def.define(SYNC_ENABLED_CONFIG, Type.BOOLEAN, false, Importance.MEDIUM, SYNC_ENABLED_DOC, GROUP, ++order,
                        Width.SHORT, "Synchronise clocks")
                .define(SYNC_THRESHOLD_CONFIG, Type.LONG, 10_000L, Range.atLeast(100), Importance.MEDIUM,
                        SYNC_THRESHOLD_DOC, GROUP, ++order, Width.SHORT, "Sync threshold")
                .define(SYNC_MIN_INTERVAL_CONFIG, Type.LONG, 86_400_000L, Range.atLeast(0), Importance.MEDIUM,
                        SYNC_MIN_INTERVAL_DOC, GROUP, ++order, Width.SHORT, "Least time between syncs")
                .define(SUSPECT_THRESHOLD_CONFIG, Type.LONG, 10_000L, Range.atLeast(0), Importance.MEDIUM,
                        SUSPECT_THRESHOLD_DOC, GROUP, ++order, Width.SHORT, "Clock-suspect threshold")
                .define(SYNC_TOPIC_CONFIG, Type.STRING, "meter-clock-sync", new ConfigDef.NonEmptyString(),
                        Importance.MEDIUM, SYNC_TOPIC_DOC, GROUP, ++order, Width.MEDIUM, "Clock sync topic");
    }

    /**
     * @param syncEnabled      the connector's default; an inventory row may override it
     * @param suspectThreshold offset above which rows are CLOCK_SUSPECT
     */
    public record Values(boolean syncEnabled, Duration syncThreshold, Duration syncMinInterval,
                         Duration suspectThreshold, String syncTopic) {
    }

    static Values of(AbstractConfig config) {
        return new Values(config.getBoolean(SYNC_ENABLED_CONFIG),
                Duration.ofMillis(config.getLong(SYNC_THRESHOLD_CONFIG)),
                Duration.ofMillis(config.getLong(SYNC_MIN_INTERVAL_CONFIG)),
                Duration.ofMillis(config.getLong(SUSPECT_THRESHOLD_CONFIG)),
                config.getString(SYNC_TOPIC_CONFIG));
    }
}
