package io.meterflow.connect.dlms.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/** An AES-128 key: 32 hex digits. The value itself is never put in the error message. */
public final class HexKeyValidator implements ConfigDef.Validator {

    public static boolean isHexKey(String key) {
        return key != null && key.matches("[0-9a-fA-F]{32}");
    }

    @Override
    public void ensureValid(String name, Object value) {
        if (value != null && !isHexKey(((Password) value).value())) {
            throw new ConfigException(name, Password.HIDDEN, "must be 32 hex digits (a 128-bit key)");
        }
    }

    @Override
    public String toString() {
        return "32 hex digits";
    }
}
