package io.meterflow.connect.postgres.write;

import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * How one kind of value lands in one table.
 *
 * @param table      the table's name
 * @param sql        an idempotent INSERT ... ON CONFLICT
 * @param eventTime  the value's event time (the partition key of history tables)
 * @param latestKey  for latest-state tables, the natural key: only the newest value per key in a batch is
 *                   written; null for history tables, where every value is a row
 * @param binder     binds the value's columns in the order of {@code sql}
 * @param partitioned the table is partitioned by day of {@code eventTime} (history tables)
 */
record TableWrite<T>(String table, String sql, ToLongFunction<T> eventTime, Function<T, Object> latestKey,
                     RowBinder<T> binder, boolean partitioned) {

    static <T> TableWrite<T> history(String table, String sql, ToLongFunction<T> eventTime, RowBinder<T> binder) {
        return new TableWrite<>(table, sql, eventTime, null, binder, true);
    }

    static <T> TableWrite<T> latest(String table, String sql, ToLongFunction<T> eventTime, Function<T, Object> key,
                                    RowBinder<T> binder) {
        return new TableWrite<>(table, sql, eventTime, key, binder, false);
    }

    /** Every value a row of an unpartitioned table, kept without retention (small logs such as operator actions). */
    static <T> TableWrite<T> log(String table, String sql, ToLongFunction<T> eventTime, RowBinder<T> binder) {
        return new TableWrite<>(table, sql, eventTime, null, binder, false);
    }
}
