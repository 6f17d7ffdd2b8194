package io.meterflow.api.db;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * One item of a listing: its JSON (built by PostgreSQL) and its sort key, from which the next cursor is made.
 * Listing queries return the columns {@code item, k1, k2}.
 */
public record PageRow(String json, long keyTime, String keyText) {

    public static PageRow of(ResultSet rs) throws SQLException {
        return new PageRow(rs.getString("item"), rs.getLong("k1"), rs.getString("k2"));
    }
}
