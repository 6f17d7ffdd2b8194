package io.meterflow.api.alerts;

import io.meterflow.api.db.PageRow;
import io.meterflow.api.db.Sql;
import io.meterflow.api.db.ReadModelJson;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** Current alerts and alert transitions. */
public final class AlertQueries {

    /** Separates the parts of a compound cursor key. */
    static final String KEY_SEPARATOR = "\u001e";

    // Current alerts with their workflow state and comments (schemas V4_3).
    public static final String CURRENT = """
            SELECT meterflow_current_alert_json(r)::text AS item, 0 AS k1, r.meter_id || chr(30) || r.rule AS k2
            FROM alert_current r
            WHERE r.state = ANY (?::text[]) AND (?::text IS NULL OR r.severity = ?) AND (?::text IS NULL OR r.meter_id = ?)
              AND (r.meter_id, r.rule) > (?, ?)
            ORDER BY r.meter_id, r.rule
            LIMIT ?""";

    public static final String HISTORY = "SELECT " + ReadModelJson.ALERT + """
            ::text AS item, meterflow_epoch_ms(r.at) AS k1, r.meter_id || chr(30) || r.rule || chr(30) || r.state AS k2
            FROM alert_transition r
            WHERE r.at >= ? AND r.at < ? AND (?::text IS NULL OR r.meter_id = ?)
              AND (r.at, r.meter_id, r.rule, r.state) > (?, ?, ?, ?)
            ORDER BY r.at, r.meter_id, r.rule, r.state
            LIMIT ?""";

    static final String EXISTS = "SELECT 'yes' FROM alert_current WHERE meter_id = ? AND rule = ?";

    static final String COMMAND_RESULT = "SELECT result FROM alert_action_log WHERE command_id = ?";

    private final Sql sql;

    public AlertQueries(Sql sql) {
        this.sql = sql;
    }

    List<PageRow> current(String[] states, String severity, String meterId, String afterMeter, String afterRule,
                          int limit) throws SQLException {
        return sql.query(CURRENT, PageRow::of, states, severity, severity, meterId, meterId, afterMeter, afterRule,
                limit + 1);
    }

    /** True when the read model knows the alert (meterId, rule) in any state. */
    public boolean exists(String meterId, String rule) throws SQLException {
        return sql.text(EXISTS, meterId, rule) != null;
    }

    /** The stored result of a command as UTF-8 JSON, or null when the read model does not have it (yet). */
    public byte[] commandResult(String commandId) throws SQLException {
        return sql.bytes(COMMAND_RESULT, commandId);
    }

    List<PageRow> history(Instant from, Instant to, String meterId, Instant afterAt, String[] afterKey, int limit)
            throws SQLException {
        return sql.query(HISTORY, PageRow::of, from, to, meterId, meterId, afterAt, afterKey[0], afterKey[1],
                afterKey[2], limit + 1);
    }
}
