package io.meterflow.connect.dlms.config;

import io.meterflow.schema.obis.ObisCode;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

import java.util.List;

/** OBIS codes as the topics carry them (schemas' {@link ObisCode}); accepts one code or a list. */
final class ObisListValidator implements ConfigDef.Validator {

    @Override
    public void ensureValid(String name, Object value) {
        final List<?> codes = value instanceof List<?> list ? list : value == null ? List.of() : List.of(value);
        for (Object code : codes) {
            if (!ObisCode.isValid(String.valueOf(code))) {
                throw new ConfigException(name, code, "not an OBIS code in the form " + ObisCode.FORM);
            }
        }
    }

    @Override
    public String toString() {
        return "OBIS codes A.B.C.D.E.F";
    }
}
