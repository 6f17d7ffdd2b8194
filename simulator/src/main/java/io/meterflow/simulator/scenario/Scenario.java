package io.meterflow.simulator.scenario;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A simulated fleet: groups of meters with their behaviour, read from a YAML scenario file
 * (see docs/simulator.md). Durations are ISO-8601 ({@code PT15S}, {@code PT2M}).
 */
public record Scenario(long seed, List<MeterGroup> groups) {

    private static final ObjectMapper YAML = YAMLMapper.builder()
            .addModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .build();

    public Scenario {
        groups = groups == null ? List.of() : List.copyOf(groups);
    }

    public static Scenario load(Path file) {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new ScenarioException("Cannot read scenario file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parses and validates a scenario; {@code origin} names it in error messages. */
    public static Scenario parse(String yaml, String origin) {
        final Scenario scenario;
        try {
            scenario = YAML.readValue(yaml, Scenario.class);
        } catch (JacksonException e) {
            throw new ScenarioException("Scenario " + origin + " is not valid: " + e.getOriginalMessage()
                    + " (at " + e.getLocation() + ")", e);
        } catch (IOException e) {
            throw new ScenarioException("Cannot read scenario " + origin + ": " + e.getMessage(), e);
        }
        scenario.validate(origin);
        return scenario;
    }

    /**
     * Every meter of every group, with defaults filled in, in file order. Meters behind an HDLC gateway without a
     * first address take the next free addresses on their gateway, in file order.
     */
    public List<MeterSpec> meters() {
        final List<MeterSpec> meters = new ArrayList<>();
        final Map<String, Integer> nextAddress = new HashMap<>();
        for (MeterGroup group : groups) {
            final Behaviour behaviour = (group.behaviour() == null ? Behaviour.DEFAULT : group.behaviour()).withDefaults();
            final HdlcBus bus = group.hdlc();
            int address = bus == null ? 0 : bus.firstAddress() != null ? bus.firstAddress()
                    : nextAddress.getOrDefault(bus.gateway(), HdlcBus.FIRST_FREE_ADDRESS);
            for (int i = 1; i <= group.count(); i++) {
                final String id = group.idPrefix() + String.format(Locale.ROOT, "%04d", i);
                final HdlcAttachment hdlc = bus == null ? null
                        : new HdlcAttachment(bus.gateway(), address++, bus.maxInfo(), bus.windowSize());
                meters.add(new MeterSpec(id, group.protocol(), behaviour, seed * 31 + id.hashCode(), hdlc));
            }
            if (bus != null) {
                nextAddress.merge(bus.gateway(), address, Math::max);
            }
        }
        return meters;
    }

    public List<MeterSpec> meters(Protocol protocol) {
        return meters().stream().filter(m -> m.protocol() == protocol).toList();
    }

    private void validate(String origin) {
        final Set<String> prefixes = new HashSet<>();
        for (int i = 0; i < groups.size(); i++) {
            final MeterGroup g = groups.get(i);
            final String where = "Scenario " + origin + ", group " + (i + 1) + ": ";
            require(g.idPrefix() != null && !g.idPrefix().isBlank(), where + "idPrefix is required");
            require(prefixes.add(g.idPrefix()), where + "idPrefix '" + g.idPrefix() + "' is used by another group");
            require(g.count() > 0, where + "count must be at least 1, got " + g.count());
            require(g.protocol() != null, where + "protocol is required (DLMS, MQTT or PUSH)");
            final Behaviour b = g.behaviour() == null ? Behaviour.DEFAULT : g.behaviour().withDefaults();
            require(!b.latency().isNegative(), where + "behaviour.latency must not be negative");
            final Failures f = b.failures();
            for (double p : new double[] {f.timeout(), f.refused(), f.garbage(), f.authReject()}) {
                require(p >= 0 && p <= 1, where + "behaviour.failures probabilities must be between 0 and 1");
            }
            require(f.total() <= 1, where + "behaviour.failures add up to " + f.total() + ", more than 1");
            require(b.malformedRatio() >= 0 && b.malformedRatio() <= 1,
                    where + "behaviour.malformedRatio must be between 0 and 1");
            require(b.publishInterval().compareTo(Duration.ofMillis(1)) >= 0,
                    where + "behaviour.publishInterval must be positive");
            require(b.basePowerW() >= 0, where + "behaviour.basePowerW must not be negative");
            validateAuth(where, b.auth());
            validateProfile(where, b.profile());
            if (g.hdlc() != null) {
                validateHdlc(where, g, f);
            }
        }
        final Set<String> addresses = new HashSet<>();
        for (MeterSpec meter : meters()) {
            if (meter.hdlc() != null) {
                require(addresses.add(meter.hdlc().gateway() + "/" + meter.hdlc().physicalAddress()),
                        "Scenario " + origin + ": meter " + meter.meterId() + " takes physical address "
                                + meter.hdlc().physicalAddress() + " on gateway " + meter.hdlc().gateway()
                                + ", which another meter has");
                require(isPhysicalAddress(meter.hdlc().physicalAddress()), "Scenario " + origin + ": meter "
                        + meter.meterId() + " would get physical address " + meter.hdlc().physicalAddress()
                        + ", outside 16-125 and 128-16381");
            }
        }
    }

    private static void validateHdlc(String where, MeterGroup g, Failures f) {
        final HdlcBus bus = g.hdlc();
        require(g.protocol() == Protocol.DLMS, where + "hdlc applies to DLMS meters only, not " + g.protocol());
        require(bus.gateway() != null && !bus.gateway().isBlank(), where + "hdlc.gateway is required");
        require(bus.maxInfo() >= 32 && bus.maxInfo() <= 2030,
                where + "hdlc.maxInfoLength must be within 32-2030, got " + bus.maxInfo());
        require(bus.windowSize() >= 1 && bus.windowSize() <= 7,
                where + "hdlc.window must be within 1-7, got " + bus.windowSize());
        // A refused TCP connection or non-DLMS bytes are the gateway's, not one meter's: not simulated per meter.
        require(f.refused() == 0 && f.garbage() == 0, where + "behaviour.failures.refused and .garbage do not "
                + "apply to meters behind an HDLC gateway (use timeout, authReject or silences)");
    }

    /** Lower HDLC addresses a meter may have: not reserved (0-15) and not the calling/broadcast ones. */
    private static boolean isPhysicalAddress(int address) {
        return address >= 16 && address <= 0x3FFD && address != 0x7E && address != 0x7F;
    }

    private static void validateAuth(String where, Authentication auth) {
        switch (auth.mechanism()) {
            case NONE -> { }
            case LOW -> require(auth.password() != null && !auth.password().isEmpty(),
                    where + "behaviour.auth.password is required for mechanism LOW");
            case HLS5_GMAC -> {
                require(isHexKey(auth.authenticationKey()),
                        where + "behaviour.auth.authenticationKey must be 32 hex digits for HLS5_GMAC");
                require(isHexKey(auth.encryptionKey()),
                        where + "behaviour.auth.encryptionKey must be 32 hex digits for HLS5_GMAC");
                require(auth.counterObis().matches("(25[0-5]|2[0-4]\\d|1?\\d?\\d)(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){5}"),
                        where + "behaviour.auth.invocationCounterObis must be an OBIS code like 0.0.43.1.1.255, got '"
                                + auth.counterObis() + "'");
            }
        }
    }

    private static void validateProfile(String where, ProfileBuffer profile) {
        require(profile.entries() == null || profile.entries() >= 1,
                where + "behaviour.profile.entries must be at least 1, got " + profile.entries());
        final ProfileBuffer.LateRows late = profile.lateRows();
        if (late != null) {
            require(late.every() >= 1, where + "behaviour.profile.lateRows.every must be at least 1, got " + late.every());
            require(late.delay() != null && !late.delay().isNegative() && !late.delay().isZero(),
                    where + "behaviour.profile.lateRows.delay must be a positive duration");
        }
        require(profile.exchangedAfter() == null || !profile.exchangedAfter().isNegative(),
                where + "behaviour.profile.exchangedAfter must not be negative");
    }

    private static boolean isHexKey(String key) {
        return key != null && key.matches("[0-9a-fA-F]{32}");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new ScenarioException(message);
        }
    }
}
