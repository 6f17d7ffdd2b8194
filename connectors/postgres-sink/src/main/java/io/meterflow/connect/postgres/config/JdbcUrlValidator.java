package io.meterflow.connect.postgres.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** Accepts PostgreSQL JDBC URLs only: the sink writes PostgreSQL-specific SQL. */
final class JdbcUrlValidator implements ConfigDef.Validator {

    private static final String PREFIX = "jdbc:postgresql:";

    @Override
    public void ensureValid(String name, Object value) {
        if (value == null || !value.toString().startsWith(PREFIX)) {
            throw new ConfigException(name, value, "must be a PostgreSQL JDBC URL starting with '" + PREFIX + "'");
        }
    }

    @Override
    public String toString() {
        return "a URL starting with " + PREFIX;
    }
}
