-- Clock synchronisation and interval quality (DLMS source, meter-intervals 1.1.0, meter-clock-sync 1.0.0).

-- Per-meter opt-in to clock synchronisation; NULL follows the connector's clock.sync.enabled. A meter whose clock is
-- to be set needs an authenticated client: meters do not let the public client (auth NONE) set their clock.
ALTER TABLE meter_inventory ADD COLUMN clock_sync BOOLEAN
    CONSTRAINT meter_inventory_clock_sync_needs_auth CHECK (clock_sync IS NOT TRUE OR auth_mechanism <> 'NONE');
COMMENT ON COLUMN meter_inventory.clock_sync IS
    'Set this meter''s clock when it drifts (needs LOW or HLS5_GMAC); NULL uses the connector''s clock.sync.enabled';

-- The fields meter-intervals 1.1.0 added. Rows written before keep no flags, an unknown offset and POLL.
ALTER TABLE interval_history
    ADD COLUMN flags           jsonb  NOT NULL DEFAULT '[]',
    ADD COLUMN clock_offset_ms bigint,
    ADD COLUMN provenance      text   NOT NULL DEFAULT 'POLL';

-- Every clock synchronisation attempt (meter-clock-sync), partitioned by day like the other histories.
CREATE TABLE clock_sync_history (
    meter_id        text        NOT NULL,
    at              timestamptz NOT NULL,
    drift_before_ms bigint      NOT NULL,
    method          text        NOT NULL,
    result          text        NOT NULL,
    error           text,
    drift_after_ms  bigint,
    PRIMARY KEY (meter_id, at)
) PARTITION BY RANGE (at);
