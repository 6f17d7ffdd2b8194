package io.meterflow.api.meters;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The stored documents of {@code GET /api/v1/meters/{meterId}}, read for all the requests that are waiting with one
 * statement ({@link #DOCUMENTS}, a primary-key lookup of each id). A few reader threads each take every lookup that
 * is waiting, read them, and take the next ones: one request alone is read at once (no timer, no waiting for
 * company), and while a statement runs the requests that arrive meanwhile gather for the next. Under load one round
 * trip to PostgreSQL (a connection borrowed from the pool, a bind/execute, a backend wake-up) serves many
 * requests instead of one each: in the benchmark this round trip was most of a meter request's cost.
 */
public final class MeterDocuments implements AutoCloseable {

    /** One primary-key lookup per id (see QueryPlanIT); the JSON is sent on as stored. */
    public static final String DOCUMENTS = "SELECT meter_id, document FROM meter_document WHERE meter_id = ANY(?)";

    /** Readers: enough to keep a statement in flight while another one's results are handed out. */
    static final int READERS = 2;
    /** Most lookups per statement; more stay waiting for the next. */
    static final int MAX_BATCH = 128;

    private static final Logger LOG = LoggerFactory.getLogger(MeterDocuments.class);

    private final DataSource dataSource;
    private final BlockingQueue<Lookup> waiting = new LinkedBlockingQueue<>();
    private final List<Thread> readers = new ArrayList<>();
    private volatile boolean started;
    private volatile boolean closed;

    public MeterDocuments(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The meter's document as UTF-8 JSON, or null for an unknown meter. */
    public byte[] document(String meterId) throws SQLException, InterruptedException {
        if (!started) {
            startReaders();
        }
        final Lookup lookup = new Lookup(meterId, new CompletableFuture<>());
        waiting.add(lookup);
        if (closed) {
            failWaiting();
        }
        try {
            return lookup.result().get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException sql) {
                // A new exception, so that the log shows this request's stack; the statement's failure is its cause.
                throw new SQLException(sql.getMessage(), sql.getSQLState(), sql.getErrorCode(), sql);
            }
            throw new IllegalStateException("Reading the document of meter " + meterId + " failed", e.getCause());
        }
    }

    private synchronized void startReaders() {
        if (started || closed) {
            return;
        }
        started = true;
        for (int i = 0; i < READERS; i++) {
            final Thread reader = new Thread(this::read, "meter-documents-" + i);
            reader.setDaemon(true);
            readers.add(reader);
            reader.start();
        }
    }

    private void read() {
        final List<Lookup> batch = new ArrayList<>(MAX_BATCH);
        while (!closed) {
            try {
                batch.add(waiting.take());
            } catch (InterruptedException e) {
                break;
            }
            waiting.drainTo(batch, MAX_BATCH - 1);
            try {
                final Map<String, byte[]> documents = read(batch);
                batch.forEach(lookup -> lookup.result().complete(documents.get(lookup.meterId())));
            } catch (SQLException | RuntimeException e) {
                batch.forEach(lookup -> lookup.result().completeExceptionally(e));
            } catch (Error e) {
                batch.forEach(lookup -> lookup.result().completeExceptionally(e));
                LOG.error("Meter document reader stopped", e);
                throw e;
            }
            batch.clear();
        }
        failWaiting();
    }

    private Map<String, byte[]> read(List<Lookup> batch) throws SQLException {
        final String[] ids = batch.stream().map(Lookup::meterId).distinct().toArray(String[]::new);
        final Map<String, byte[]> documents = new HashMap<>(ids.length * 2);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(DOCUMENTS)) {
            final Array array = c.createArrayOf("text", ids);
            ps.setArray(1, array);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    // The bytes PostgreSQL sent: the stored json column's UTF-8 text, not decoded and encoded again.
                    documents.put(rs.getString(1), rs.getBytes(2));
                }
            }
            array.free();
        }
        return documents;
    }

    private void failWaiting() {
        for (Lookup lookup; (lookup = waiting.poll()) != null; ) {
            lookup.result().completeExceptionally(new SQLException("The query API is stopping", "57P01"));
        }
    }

    /** Stops the readers; lookups still waiting fail as a database failure (503). */
    @Override
    public void close() {
        closed = true;
        final List<Thread> stopping;
        synchronized (this) {
            stopping = List.copyOf(readers);
        }
        stopping.forEach(Thread::interrupt);
        failWaiting();
    }

    private record Lookup(String meterId, CompletableFuture<byte[]> result) {
    }
}
