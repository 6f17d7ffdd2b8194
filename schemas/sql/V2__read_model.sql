-- MeterFlow read model, written by the PostgreSQL sink connector (connectors/postgres-sink) and read by query-api.
-- Applies after V1 (the meter inventory) and does not depend on it.
--
-- Times are timestamptz (UTC instants); the topics carry epoch milliseconds.
-- History tables are range-partitioned by event time, one partition per UTC day. The sink creates the
-- partition a row needs (meterflow_ensure_partition) and drops partitions older than its retention
-- (meterflow_drop_partitions_before). Operators can call both functions by hand.
-- Every table has a natural primary key so that writing a record twice changes nothing.

-- Latest state per meter ------------------------------------------------------------------------------------

-- The newest reading of every meter: this table is also the list of known meters.
CREATE TABLE meter_latest_reading (
    meter_id      text        PRIMARY KEY,
    source        text        NOT NULL,
    collected_at  timestamptz NOT NULL,
    meter_time    timestamptz,
    latency_ms    bigint      NOT NULL,
    status        text        NOT NULL,
    error         text,
    reading_values jsonb      NOT NULL
);
-- Freshness of the read model (/ready) and the stale-meter count of the fleet summary.
CREATE INDEX meter_latest_reading_collected_at_idx ON meter_latest_reading (collected_at);

CREATE TABLE meter_latest_rate (
    meter_id   text             NOT NULL,
    obis       text             NOT NULL,
    from_time  timestamptz      NOT NULL,
    to_time    timestamptz      NOT NULL,
    delta      double precision NOT NULL,
    delta_unit text,
    rate       double precision NOT NULL,
    unit       text,
    kind       text             NOT NULL,
    PRIMARY KEY (meter_id, obis)
);

CREATE TABLE meter_latest_clock_drift (
    meter_id              text             PRIMARY KEY,
    at                    timestamptz      NOT NULL,
    drift_ms              bigint           NOT NULL,
    trend_seconds_per_day double precision,
    samples               integer          NOT NULL
);

-- Newest closed window per meter (and the fleet, meter_id '*') and window length.
CREATE TABLE meter_latest_error_stats (
    meter_id        text             NOT NULL,
    window_ms       bigint           NOT NULL,
    window_start    timestamptz      NOT NULL,
    window_end      timestamptz      NOT NULL,
    total           bigint           NOT NULL,
    failed          bigint           NOT NULL,
    error_pct       double precision NOT NULL,
    by_status       jsonb            NOT NULL,
    expected        bigint,
    publication_pct double precision,
    PRIMARY KEY (meter_id, window_ms)
);

-- Alerts -----------------------------------------------------------------------------------------------------

-- The current state of every (meter, rule) that ever left INACTIVE; RESOLVED rows stay until the next episode.
CREATE TABLE alert_current (
    meter_id    text             NOT NULL,
    rule        text             NOT NULL,
    state       text             NOT NULL,
    severity    text             NOT NULL,
    since       timestamptz      NOT NULL,
    at          timestamptz      NOT NULL,
    value       double precision,
    threshold   double precision,
    consecutive integer          NOT NULL,
    message     text             NOT NULL,
    PRIMARY KEY (meter_id, rule)
);
CREATE INDEX alert_current_state_severity_idx ON alert_current (state, severity);

-- History per kind (partitioned by event time) -----------------------------------------------------------------

CREATE TABLE reading_history (
    meter_id       text        NOT NULL,
    collected_at   timestamptz NOT NULL,
    source         text        NOT NULL,
    meter_time     timestamptz,
    latency_ms     bigint      NOT NULL,
    status         text        NOT NULL,
    error          text,
    reading_values jsonb       NOT NULL,
    PRIMARY KEY (meter_id, collected_at)
) PARTITION BY RANGE (collected_at);

CREATE TABLE interval_history (
    meter_id        text        NOT NULL,
    captured_at     timestamptz NOT NULL,
    interval_values jsonb       NOT NULL,
    status_flags    integer,
    PRIMARY KEY (meter_id, captured_at)
) PARTITION BY RANGE (captured_at);

-- History of rates, clock drift and alerts: the columns of their latest-state tables, every row kept.
CREATE TABLE rate_history (LIKE meter_latest_rate, PRIMARY KEY (meter_id, to_time, obis)) PARTITION BY RANGE (to_time);

CREATE TABLE clock_drift_history (LIKE meter_latest_clock_drift, PRIMARY KEY (meter_id, at)) PARTITION BY RANGE (at);

CREATE TABLE error_stats_history (
    meter_id        text             NOT NULL,
    window_start    timestamptz      NOT NULL,
    window_end      timestamptz      NOT NULL,
    total           bigint           NOT NULL,
    failed          bigint           NOT NULL,
    error_pct       double precision NOT NULL,
    by_status       jsonb            NOT NULL,
    expected        bigint,
    publication_pct double precision,
    PRIMARY KEY (meter_id, window_end, window_start)
) PARTITION BY RANGE (window_end);

CREATE TABLE alert_transition (LIKE alert_current, PRIMARY KEY (meter_id, at, rule, state)) PARTITION BY RANGE (at);
-- Alert history across all meters for a time range.
CREATE INDEX alert_transition_at_idx ON alert_transition (at);

-- Exactly-once bookkeeping of the sink ------------------------------------------------------------------------

-- The next Kafka offset to consume per topic partition, written in the same transaction as the rows.
CREATE TABLE sink_offset (
    connector   text   NOT NULL,
    topic       text   NOT NULL,
    partition   integer NOT NULL,
    next_offset bigint NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (connector, topic, partition)
);

-- Epoch milliseconds, as the topics and query-api carry times.
CREATE FUNCTION meterflow_epoch_ms(t timestamptz) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT (extract(epoch FROM t) * 1000)::bigint $$;

-- Partition maintenance ------------------------------------------------------------------------------------------

-- Creates the daily partition of a history table that holds instant "at" (UTC day), unless it exists.
-- Returns the partition's name.
CREATE FUNCTION meterflow_ensure_partition(parent regclass, at timestamptz) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    day_start timestamptz := date_trunc('day', at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
    part_name text := (SELECT relname FROM pg_class WHERE oid = parent)
                      || '_p' || to_char(day_start AT TIME ZONE 'UTC', 'YYYYMMDD');
BEGIN
    IF to_regclass(quote_ident(part_name)) IS NULL THEN
        -- Serialise concurrent creators (several sink tasks) so IF NOT EXISTS cannot race.
        PERFORM pg_advisory_xact_lock(hashtext(part_name));
        EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF %s FOR VALUES FROM (%L) TO (%L)',
                       part_name, parent, day_start, day_start + interval '1 day');
    END IF;
    RETURN part_name;
END;
$$;

-- Drops the daily partitions of a history table that end at or before "cutoff". Returns how many it dropped.
CREATE FUNCTION meterflow_drop_partitions_before(parent regclass, cutoff timestamptz) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    part record;
    dropped integer := 0;
BEGIN
    FOR part IN
        SELECT c.oid::regclass AS name, pg_get_expr(c.relpartbound, c.oid) AS bound
        FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = parent
    LOOP
        -- Bounds read "FOR VALUES FROM ('...') TO ('...')"; the upper bound is the second literal.
        IF (substring(part.bound FROM $re$TO \('([^']+)'\)$re$))::timestamptz <= cutoff THEN
            EXECUTE format('DROP TABLE %s', part.name);
            dropped := dropped + 1;
        END IF;
    END LOOP;
    RETURN dropped;
END;
$$;
