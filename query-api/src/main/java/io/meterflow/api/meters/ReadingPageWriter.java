package io.meterflow.api.meters;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.meterflow.api.db.EpochMillis;
import io.meterflow.api.db.Sql;
import io.meterflow.api.params.Cursor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;

/**
 * A page of one meter's readings written as UTF-8 JSON by Jackson's generator straight from the plain columns of
 * {@link HistoryKind#READINGS}, in the shape {@code ReadModelJson.READING} gives them (the same fields, order and
 * values; ReadingJsonIT compares the two).
 *
 * <p>Why not PostgreSQL's json_build_object as for the other listings: for one meter-day (1,440 rows) it cost
 * PostgreSQL 10.8 ms against 2.1 ms for the plain columns (pgbench, one client), half of it in the numeric arithmetic
 * of meterflow_epoch_ms; and the API then decoded every item into a String, copied it into the page's String and
 * encoded that again, about 3 MB of garbage per meter-day.
 */
final class ReadingPageWriter implements Sql.RowMapper<Long> {

    private static final JsonFactory JSON = new JsonFactory();

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 * 1024);
    private final JsonGenerator json;
    private final String meterId;
    private final int limit;
    private int rows;
    private long lastWritten;

    /** Starts the page: everything before the items. */
    ReadingPageWriter(String meterId, long from, long to, int limit) {
        this.meterId = meterId;
        this.limit = limit;
        try {
            json = JSON.createGenerator(bytes);
            json.writeStartObject();
            json.writeStringField("meterId", meterId);
            json.writeStringField("kind", HistoryKind.READINGS.path());
            json.writeNumberField("from", from);
            json.writeNumberField("to", to);
            json.writeArrayFieldStart("items");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the row as an item unless it is the one past the page (which only tells that there is a next page). */
    @Override
    public Long map(ResultSet rs) throws SQLException {
        final long collectedAt = EpochMillis.of(rs.getObject("collected_at", OffsetDateTime.class));
        if (rows++ < limit) {
            try {
                json.writeStartObject();
                json.writeStringField("meterId", meterId);
                json.writeStringField("source", rs.getString("source"));
                json.writeNumberField("collectedAt", collectedAt);
                final OffsetDateTime meterTime = rs.getObject("meter_time", OffsetDateTime.class);
                json.writeFieldName("meterTime");
                if (meterTime == null) {
                    json.writeNull();
                } else {
                    json.writeNumber(EpochMillis.of(meterTime));
                }
                json.writeNumberField("latencyMs", rs.getLong("latency_ms"));
                json.writeStringField("status", rs.getString("status"));
                json.writeStringField("error", rs.getString("error"));
                json.writeFieldName("values");
                // jsonb as PostgreSQL prints it, as json_build_object embeds it.
                json.writeRawValue(rs.getString("reading_values"));
                json.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            lastWritten = collectedAt;
        }
        return collectedAt;
    }

    boolean isEmpty() {
        return rows == 0;
    }

    /** Ends the page with its next cursor and returns the document. */
    byte[] finish(String listing) {
        try {
            json.writeEndArray();
            json.writeStringField("nextCursor", rows > limit ? new Cursor(listing, lastWritten, "").encode() : null);
            json.writeEndObject();
            json.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
