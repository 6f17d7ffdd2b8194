-- Interval data quality (issue 15): validated intervals with every version, the completeness ledger per meter and
-- UTC day, and the re-reads asked for missing ranges with their latest outcome. Written by the PostgreSQL sink from
-- meter-intervals-validated, meter-completeness, meter-backfill-requests and meter-backfill-outcomes; read by
-- query-api and Grafana (SELECT through the default privileges of R__access_privileges.sql).

-- Validated intervals ------------------------------------------------------------------------------------------

-- The highest version per (meter, capture time): the row as read with its verdict, or an estimate (provenance NULL,
-- quality ESTIMATED) where no row could be read. A lower version arriving after a higher one changes nothing.
-- Partitioned by capture time like interval_history, and dropped with it after the history retention.
CREATE TABLE interval_validated (
    meter_id               text        NOT NULL,
    captured_at            timestamptz NOT NULL,
    version                integer     NOT NULL CHECK (version >= 1),
    quality                text        NOT NULL,
    -- [{"rule": "SPIKE", "message": "..."}], empty when VALID
    reasons                jsonb       NOT NULL,
    validated_at           timestamptz NOT NULL,
    provenance             text,
    interval_values        jsonb       NOT NULL,
    flags                  jsonb       NOT NULL,
    clock_offset_ms        bigint,
    capture_period_seconds integer,
    PRIMARY KEY (meter_id, captured_at),
    CONSTRAINT interval_validated_estimate_has_no_provenance CHECK ((quality = 'ESTIMATED') = (provenance IS NULL))
) PARTITION BY RANGE (captured_at);

-- Every version ever written (an estimate, then the real row that superseded it, ...).
CREATE TABLE interval_validated_history (
    LIKE interval_validated INCLUDING CONSTRAINTS,
    PRIMARY KEY (meter_id, captured_at, version)
) PARTITION BY RANGE (captured_at);

-- Completeness ledger --------------------------------------------------------------------------------------------

-- The latest ledger value per meter and UTC day (the newest updated_at wins; equal times: the later record in Kafka
-- order, which is the ledger's order per meter).
CREATE TABLE meter_completeness (
    meter_id               text        NOT NULL,
    day                    date        NOT NULL,
    capture_period_seconds integer     NOT NULL,
    expected               integer     NOT NULL,
    received               integer     NOT NULL,
    estimated              integer     NOT NULL,
    missing                integer     NOT NULL,
    -- [{"from": ms, "to": ms, "intervals": n, "state": "REQUESTED", "attempts": n, "since": ms}]
    gaps                   jsonb       NOT NULL,
    updated_at             timestamptz NOT NULL,
    PRIMARY KEY (meter_id, day)
);
-- The fleet figures of one day (GET /api/v1/fleet/completeness, the fleet dashboard).
CREATE INDEX meter_completeness_day_idx ON meter_completeness (day);

-- Re-reads ---------------------------------------------------------------------------------------------------------

-- One row per requested range (requestId = meterId/from/to, the same for every attempt): the latest attempt asked
-- (meter-backfill-requests) and the latest outcome (meter-backfill-outcomes). The two topics are read independently,
-- so either may create the row: the request's columns are NULL until the request arrives, the outcome's until an
-- outcome does.
CREATE TABLE backfill_request (
    request_id             text        PRIMARY KEY,
    meter_id               text        NOT NULL,
    from_time              timestamptz NOT NULL,
    to_time                timestamptz NOT NULL,
    capture_period_seconds integer,
    reason                 text,
    attempt                integer,
    requested_at           timestamptz,
    outcome_attempt        integer,
    result                 text,
    rows_read              integer,
    buffer_start           timestamptz,
    outcome_at             timestamptz,
    error                  text
);
-- The requests that overlap a meter's gap (the per-meter completeness answer).
CREATE INDEX backfill_request_meter_idx ON backfill_request (meter_id, from_time);
