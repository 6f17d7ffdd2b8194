package io.meterflow.connect.mqtt.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** A share name may not contain '/', '+' or '#'. */
final class ShareNameValidator implements ConfigDef.Validator {

    @Override
    public void ensureValid(String name, Object value) {
        final String share = value == null ? "" : value.toString();
        if (share.contains("/") || share.contains("+") || share.contains("#")) {
            throw new ConfigException(name, share, "a share name must not contain '/', '+' or '#'");
        }
    }

    @Override
    public String toString() {
        return "no '/', '+' or '#'";
    }
}
