package io.meterflow.connect.postgres.write;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.meterflow.schema.serde.MeterFlowJson;
import org.postgresql.util.PGobject;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Binds statement parameters in order, converting MeterFlow's epoch milliseconds and JSON fields. */
final class Statements {

    private final PreparedStatement statement;
    private int index;

    Statements(PreparedStatement statement) {
        this.statement = statement;
    }

    Statements text(String value) throws SQLException {
        statement.setString(++index, value);
        return this;
    }

    Statements time(long epochMillis) throws SQLException {
        statement.setObject(++index, timestamp(epochMillis));
        return this;
    }

    Statements time(Long epochMillis) throws SQLException {
        if (epochMillis == null) {
            statement.setNull(++index, Types.TIMESTAMP_WITH_TIMEZONE);
            return this;
        }
        return time(epochMillis.longValue());
    }

    Statements number(long value) throws SQLException {
        statement.setLong(++index, value);
        return this;
    }

    Statements number(Long value) throws SQLException {
        statement.setObject(++index, value, Types.BIGINT);
        return this;
    }

    Statements number(Integer value) throws SQLException {
        statement.setObject(++index, value, Types.INTEGER);
        return this;
    }

    Statements decimal(double value) throws SQLException {
        statement.setDouble(++index, value);
        return this;
    }

    Statements decimal(Double value) throws SQLException {
        statement.setObject(++index, value, Types.DOUBLE);
        return this;
    }

    Statements json(Object value) throws SQLException {
        final PGobject json = new PGobject();
        json.setType("jsonb");
        try {
            json.setValue(MeterFlowJson.mapper().writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new SQLException("Cannot write " + value + " as JSON", e);
        }
        statement.setObject(++index, json);
        return this;
    }

    static OffsetDateTime timestamp(long epochMillis) {
        return OffsetDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC);
    }
}
