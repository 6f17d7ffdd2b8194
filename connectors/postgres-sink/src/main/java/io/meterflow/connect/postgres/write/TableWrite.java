package io.meterflow.connect.postgres.write;

import java.util.Comparator;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * How one kind of value lands in one table.
 *
 * @param table      the table's name
 * @param sql        an idempotent INSERT ... ON CONFLICT
 * @param eventTime  the value's event time (the partition key of history tables)
 * @param latestKey  for tables with one row per key, the natural key: only the newest value per key in a batch is
 *                   written; null where every value is a row
 * @param newest     orders two values of one key, the newer last (the SQL's own guard says the same); null without a
 *                   key
 * @param binder     binds the value's columns in the order of {@code sql}
 * @param partitioned the table is partitioned by day of {@code eventTime} (history tables)
 */
record TableWrite<T>(String table, String sql, ToLongFunction<T> eventTime, Function<T, Object> latestKey,
                     Comparator<T> newest, RowBinder<T> binder, boolean partitioned) {

    static <T> TableWrite<T> history(String table, String sql, ToLongFunction<T> eventTime, RowBinder<T> binder) {
        return new TableWrite<>(table, sql, eventTime, null, null, binder, true);
    }

    /** Latest state per key, newest in event time. */
    static <T> TableWrite<T> latest(String table, String sql, ToLongFunction<T> eventTime, Function<T, Object> key,
                                    RowBinder<T> binder) {
        return latest(table, sql, eventTime, key, Comparator.comparingLong(eventTime), binder);
    }

    /** Latest state per key, where something else than the event time says which value is newer. */
    static <T> TableWrite<T> latest(String table, String sql, ToLongFunction<T> eventTime, Function<T, Object> key,
                                    Comparator<T> newest, RowBinder<T> binder) {
        return new TableWrite<>(table, sql, eventTime, key, newest, binder, false);
    }

    /**
     * The highest version per key, partitioned by event time (which is part of the key) and dropped with the
     * history: rows as numerous as a history's, kept in one version.
     */
    static <T> TableWrite<T> versioned(String table, String sql, ToLongFunction<T> eventTime, Function<T, Object> key,
                                       Comparator<T> newest, RowBinder<T> binder) {
        return new TableWrite<>(table, sql, eventTime, key, newest, binder, true);
    }

    /** Every value a row of an unpartitioned table, kept without retention (small logs such as operator actions). */
    static <T> TableWrite<T> log(String table, String sql, ToLongFunction<T> eventTime, RowBinder<T> binder) {
        return new TableWrite<>(table, sql, eventTime, null, null, binder, false);
    }
}
