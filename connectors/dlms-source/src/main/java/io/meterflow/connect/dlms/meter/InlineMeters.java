package io.meterflow.connect.dlms.meter;

import io.meterflow.connect.dlms.config.DlmsSourceConfig;
import org.apache.kafka.common.config.ConfigException;

import java.util.Comparator;
import java.util.List;

/** Meters listed in the connector config ({@code meters}), all with the shared {@code meter.*} settings and transport. */
final class InlineMeters implements MeterSource {

    private final DlmsSourceConfig config;

    InlineMeters(DlmsSourceConfig config) {
        this.config = config;
    }

    /** validate() rejects a physical address without meter.transport=HDLC; a task never gets one. */
    private MeterTransport transport(InlineMeterEntry entry) {
        if (config.transport() == MeterTransport.Kind.WRAPPER) {
            if (entry.physicalAddress() != null) {
                throw new ConfigException(DlmsSourceConfig.METERS_CONFIG, entry.meterId(),
                        "names an HDLC physical address, but meter.transport is WRAPPER");
            }
            return MeterTransport.WRAPPER;
        }
        return MeterTransport.hdlc(entry.physicalAddress() == null ? 0 : entry.physicalAddress(),
                config.hdlcMaxInformationLength());
    }

    @Override
    public List<MeterDefinition> load() {
        return config.inlineMeters().stream()
                .map(InlineMeterEntry::parse)
                .map(e -> new MeterDefinition(e.meterId(), e.host(), e.port(), config.logicalDeviceId(),
                        config.clientId(), config.authMechanism(), config.password(), config.authenticationKey(),
                        config.encryptionKey(), null).withInvocationCounterObis(config.invocationCounterObis())
                        .withTransport(transport(e)))
                .sorted(Comparator.comparing(MeterDefinition::meterId))
                .toList();
    }
}
