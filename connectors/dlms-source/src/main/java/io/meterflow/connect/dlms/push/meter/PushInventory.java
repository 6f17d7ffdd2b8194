package io.meterflow.connect.dlms.push.meter;

import io.meterflow.connect.dlms.config.InventorySettings;
import io.meterflow.connect.dlms.push.apdu.CipherKeys;
import io.meterflow.connect.dlms.push.mapping.PushObjectList;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Reads the pushing meters from the inventory table (schemas/sql V4): enabled rows with protocol 'dlms-push' or
 * with a system title. A row whose push object list does not parse is left out and logged, naming the meter.
 */
public final class PushInventory {

    private static final Logger LOG = LoggerFactory.getLogger(PushInventory.class);

    private final InventorySettings inventory;
    private final PushObjectList defaultList;

    public PushInventory(InventorySettings inventory, PushObjectList defaultList) {
        this.inventory = inventory;
        this.defaultList = defaultList;
    }

    public List<PushMeter> load() {
        final String sql = "SELECT meter_id, system_title, encryption_key, authentication_key, push_object_list FROM "
                + inventory.table() + " WHERE enabled AND (protocol = 'dlms-push' OR system_title IS NOT NULL) ORDER BY meter_id";
        try (Connection c = inventory.connect("meterflow-dlms-push-source");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            final List<PushMeter> meters = new ArrayList<>();
            while (rs.next()) {
                final String meterId = rs.getString(1);
                try {
                    final String enc = rs.getString(3);
                    final String auth = rs.getString(4);
                    final String list = rs.getString(5);
                    meters.add(new PushMeter(meterId, rs.getString(2), enc == null || auth == null ? null
                            : new CipherKeys(HexFormat.of().parseHex(enc), HexFormat.of().parseHex(auth)),
                            list == null ? defaultList : PushObjectList.parse(list)));
                } catch (IllegalArgumentException e) {
                    LOG.warn("Inventory meter {} is left out of the push listener: {}", meterId, e.getMessage());
                }
            }
            return meters;
        } catch (SQLException e) {
            throw new ConnectException("Cannot read the push meters from " + inventory.table() + " at " + inventory.url() + ": "
                    + e.getMessage(), e);
        }
    }
}
