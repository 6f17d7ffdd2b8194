package io.meterflow.simulator.scenario;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

/**
 * How one simulated meter behaves. Every field may be left out of the scenario file; {@link #withDefaults()}
 * fills in a healthy, punctual meter.
 *
 * @param latency           added to every answer (DLMS) or publish (MQTT)
 * @param failures          injected failure probabilities (DLMS)
 * @param clockOffset       the meter clock's offset from true time at simulator start
 * @param clockDriftPpm     how fast the meter clock gains (positive) or loses time, in parts per million
 * @param counterResetAfter when the energy registers drop to zero (a reset or meter exchange), null for never
 * @param silences          periods without any answer or publish
 * @param auth              DLMS authentication the meter demands
 * @param publishInterval   MQTT publish period
 * @param malformedRatio    share of MQTT payloads that are malformed (0..1)
 * @param basePowerW        mean active power import of the meter in W
 * @param clockSetting      whether the meter lets a client set its clock (DLMS)
 * @param timeZone          the meter's local time zone: load-profile rows carry the daylight-saving status bit
 *                          while it observes summer time
 * @param profile           how the DLMS load profile buffer loses rows (ring buffer size, late rows, exchange)
 */
public record Behaviour(
        Duration latency,
        Failures failures,
        Duration clockOffset,
        Double clockDriftPpm,
        Duration counterResetAfter,
        List<Silence> silences,
        Authentication auth,
        Duration publishInterval,
        Double malformedRatio,
        Double basePowerW,
        ClockSetting clockSetting,
        ZoneId timeZone,
        ProfileBuffer profile) {

    public static final Behaviour DEFAULT = new Behaviour(null, null, null, null, null, null, null, null, null, null,
            null, null, null).withDefaults();

    public Behaviour withDefaults() {
        return new Behaviour(
                latency == null ? Duration.ZERO : latency,
                failures == null ? Failures.NONE : failures,
                clockOffset == null ? Duration.ZERO : clockOffset,
                clockDriftPpm == null ? 0.0 : clockDriftPpm,
                counterResetAfter,
                silences == null ? List.of() : List.copyOf(silences),
                auth == null ? Authentication.NONE : auth,
                publishInterval == null ? Duration.ofSeconds(10) : publishInterval,
                malformedRatio == null ? 0.0 : malformedRatio,
                basePowerW == null ? 1_500.0 : basePowerW,
                clockSetting == null ? ClockSetting.ACCEPT : clockSetting,
                timeZone == null ? ZoneOffset.UTC : timeZone,
                profile == null ? ProfileBuffer.DEFAULT : profile);
    }

    public boolean silentAt(Duration sinceStart) {
        return silences.stream().anyMatch(s -> s.covers(sinceStart));
    }
}
