package io.meterflow.connect.dlms.push.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Inline push meters: 'meterId' or 'meterId@SYSTEMTITLE' (16 hex digits), ids and system titles unique. */
final class InlinePushMeterValidator implements ConfigDef.Validator {

    record Entry(String meterId, String systemTitle) {
    }

    static Entry parse(String entry) {
        final String trimmed = entry.trim();
        final int at = trimmed.indexOf('@');
        final String meterId = at < 0 ? trimmed : trimmed.substring(0, at);
        final String title = at < 0 ? null : trimmed.substring(at + 1);
        if (meterId.isEmpty() || meterId.length() > 128) {
            throw new IllegalArgumentException("'" + trimmed + "': the meter id must be 1 to 128 characters");
        }
        if (title != null && !title.matches("[0-9a-fA-F]{16}")) {
            throw new IllegalArgumentException("'" + trimmed + "': the system title must be 16 hex digits");
        }
        return new Entry(meterId, title);
    }

    @Override
    public void ensureValid(String name, Object value) {
        final Set<String> ids = new HashSet<>();
        final Set<String> titles = new HashSet<>();
        for (Object raw : (List<?>) value) {
            final Entry entry;
            try {
                entry = parse(String.valueOf(raw));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, raw, e.getMessage());
            }
            if (!ids.add(entry.meterId())) {
                throw new ConfigException(name, raw, "meter id " + entry.meterId() + " appears twice");
            }
            if (entry.systemTitle() != null && !titles.add(entry.systemTitle().toUpperCase(java.util.Locale.ROOT))) {
                throw new ConfigException(name, raw, "system title " + entry.systemTitle() + " appears twice");
            }
        }
    }

    @Override
    public String toString() {
        return "meterId or meterId@SYSTEMTITLE entries";
    }
}
