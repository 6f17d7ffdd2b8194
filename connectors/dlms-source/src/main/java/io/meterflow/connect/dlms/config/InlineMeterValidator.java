package io.meterflow.connect.dlms.config;

import io.meterflow.connect.dlms.meter.InlineMeterEntry;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Every entry of {@code meters} must read {@code meterId@host:port[/physicalAddress]}, with unique meter ids. */
final class InlineMeterValidator implements ConfigDef.Validator {

    @Override
    public void ensureValid(String name, Object value) {
        if (value == null) {
            return;
        }
        final Set<String> ids = new HashSet<>();
        for (Object entry : (List<?>) value) {
            final InlineMeterEntry meter;
            try {
                meter = InlineMeterEntry.parse(String.valueOf(entry));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, entry, e.getMessage());
            }
            if (!ids.add(meter.meterId())) {
                throw new ConfigException(name, entry, "meter id '" + meter.meterId() + "' appears twice");
            }
        }
    }

    @Override
    public String toString() {
        return "list of meterId@host:port (HDLC: meterId@host:port/physicalAddress)";
    }
}
