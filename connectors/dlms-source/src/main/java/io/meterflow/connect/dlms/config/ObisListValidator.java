package io.meterflow.connect.dlms.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

import java.util.List;

/** OBIS codes in dotted form, A.B.C.D.E.F with each part 0..255; accepts one code or a list. */
final class ObisListValidator implements ConfigDef.Validator {

    static boolean isObis(String code) {
        if (code == null || !code.matches("\\d{1,3}(\\.\\d{1,3}){5}")) {
            return false;
        }
        for (String part : code.split("\\.")) {
            if (Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void ensureValid(String name, Object value) {
        final List<?> codes = value instanceof List<?> list ? list : value == null ? List.of() : List.of(value);
        for (Object code : codes) {
            if (!isObis(String.valueOf(code))) {
                throw new ConfigException(name, code, "not an OBIS code in the form A.B.C.D.E.F (each 0-255)");
            }
        }
    }

    @Override
    public String toString() {
        return "OBIS codes A.B.C.D.E.F";
    }
}
