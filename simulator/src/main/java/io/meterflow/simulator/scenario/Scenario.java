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
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
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

    /** Every meter of every group, with defaults filled in, in file order. */
    public List<MeterSpec> meters() {
        final List<MeterSpec> meters = new ArrayList<>();
        for (MeterGroup group : groups) {
            final Behaviour behaviour = (group.behaviour() == null ? Behaviour.DEFAULT : group.behaviour()).withDefaults();
            for (int i = 1; i <= group.count(); i++) {
                final String id = group.idPrefix() + String.format(Locale.ROOT, "%04d", i);
                meters.add(new MeterSpec(id, group.protocol(), behaviour, seed * 31 + id.hashCode()));
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
        }
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
