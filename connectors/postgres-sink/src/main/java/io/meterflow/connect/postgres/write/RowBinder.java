package io.meterflow.connect.postgres.write;

import java.sql.SQLException;

/** Binds one value's columns, in the order of a table's SQL. */
@FunctionalInterface
interface RowBinder<T> {
    void bind(Statements row, T value) throws SQLException;
}
