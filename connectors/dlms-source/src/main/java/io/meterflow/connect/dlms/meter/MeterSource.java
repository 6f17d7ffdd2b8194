package io.meterflow.connect.dlms.meter;

import io.meterflow.connect.dlms.config.DlmsSourceConfig;

import java.util.List;

/** Where the connector and its tasks find the meters to poll. */
public interface MeterSource {

    /** Every meter to poll, sorted by meter id. */
    List<MeterDefinition> load();

    static MeterSource of(DlmsSourceConfig config) {
        return switch (config.meterSource()) {
            case INLINE -> new InlineMeters(config);
            case INVENTORY -> new InventoryTable(config);
        };
    }
}
