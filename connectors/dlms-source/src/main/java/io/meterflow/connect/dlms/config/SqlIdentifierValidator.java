package io.meterflow.connect.dlms.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** A table name, optionally schema-qualified: it is put into SQL text, so only plain identifiers pass. */
public final class SqlIdentifierValidator implements ConfigDef.Validator {

    @Override
    public void ensureValid(String name, Object value) {
        if (value != null && !String.valueOf(value).matches("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?")) {
            throw new ConfigException(name, value, "must be a plain table name, optionally schema.table");
        }
    }

    @Override
    public String toString() {
        return "[schema.]table";
    }
}
