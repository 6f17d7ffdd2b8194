package io.meterflow.connect.postgres.write;

import io.meterflow.connect.postgres.decode.DecodedRecord;
import io.meterflow.schema.MeterRecord;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.TreeSet;

/**
 * Serialises the writers of one meter's detail document (schemas V3: triggers rebuild {@code meter_document}
 * from the latest-state tables). Two tasks may write the same meter's reading and rate in parallel; each
 * trigger would build the document from a snapshot without the other's change and the later commit would win
 * with a stale document. A transaction-scoped advisory lock per meter, taken before any write and in one
 * global order, makes the second writer wait and then read the first one's committed rows, without deadlocks.
 */
final class MeterDocumentLocks {

    private static final String LOCK = """
            SELECT count(pg_advisory_xact_lock(k))
            FROM (SELECT DISTINCT hashtext('meter_document/' || id) AS k FROM unnest(?::text[]) AS id ORDER BY k) locks""";

    private MeterDocumentLocks() {
    }

    static void lock(Connection c, Collection<DecodedRecord> records) throws SQLException {
        final TreeSet<String> meters = new TreeSet<>();
        for (DecodedRecord record : records) {
            if (record.kind().feedsMeterDocument()) {
                meters.add(((MeterRecord) record.value()).meterId());
            }
        }
        if (meters.isEmpty()) {
            return;
        }
        final Array ids = c.createArrayOf("text", meters.toArray());
        try (PreparedStatement ps = c.prepareStatement(LOCK)) {
            ps.setArray(1, ids);
            ps.executeQuery().close();
        } finally {
            ids.free();
        }
    }
}
