package io.meterflow.connect.dlms.meter;

import io.meterflow.connect.dlms.config.DlmsSourceConfig;

import java.util.Comparator;
import java.util.List;

/** Meters listed in the connector config ({@code meters}), all with the shared {@code meter.*} settings. */
final class InlineMeters implements MeterSource {

    private final DlmsSourceConfig config;

    InlineMeters(DlmsSourceConfig config) {
        this.config = config;
    }

    @Override
    public List<MeterDefinition> load() {
        return config.inlineMeters().stream()
                .map(InlineMeterEntry::parse)
                .map(e -> new MeterDefinition(e.meterId(), e.host(), e.port(), config.logicalDeviceId(),
                        config.clientId(), config.authMechanism(), config.password(), config.authenticationKey(),
                        config.encryptionKey(), null).withInvocationCounterObis(config.invocationCounterObis()))
                .sorted(Comparator.comparing(MeterDefinition::meterId))
                .toList();
    }
}
