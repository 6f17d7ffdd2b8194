package io.meterflow.api.db;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Prepared statements only: every value travels as a bound parameter, never inside the SQL text. */
public final class Sql {

    private final DataSource dataSource;

    public Sql(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i] instanceof Instant instant
                        ? OffsetDateTime.ofInstant(instant, ZoneOffset.UTC) : params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                final List<T> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(mapper.map(rs));
                }
                return rows;
            }
        }
    }

    /** The first column of the first row as text, or null when there is no row. */
    public String text(String sql, Object... params) throws SQLException {
        final List<String> rows = query(sql, rs -> rs.getString(1), params);
        return rows.isEmpty() ? null : rows.get(0);
    }

    /**
     * The first column of the first row as the bytes PostgreSQL sent (UTF-8 text for text and json columns), or
     * null when there is no row: a stored document reaches the client without being decoded and encoded again.
     */
    public byte[] bytes(String sql, Object... params) throws SQLException {
        final List<byte[]> rows = query(sql, rs -> rs.getBytes(1), params);
        return rows.isEmpty() ? null : rows.get(0);
    }

    public DataSource dataSource() {
        return dataSource;
    }
}
