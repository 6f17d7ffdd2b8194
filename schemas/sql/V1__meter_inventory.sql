-- The meter inventory: which meters exist and how a collector reaches them.
-- The DLMS source connector (meters.source=INVENTORY) polls every enabled row with protocol 'dlms' and watches the
-- table: an added, removed or changed row reconfigures its tasks within inventory.refresh.interval.ms.
-- Secrets are stored as given (LLS password, HLS5 keys): restrict access to this table to the collector's role.
CREATE TABLE meter_inventory (
    meter_id           TEXT        PRIMARY KEY CHECK (length(meter_id) BETWEEN 1 AND 128),
    protocol           TEXT        NOT NULL DEFAULT 'dlms' CHECK (protocol IN ('dlms', 'mqtt')),
    host               TEXT        CHECK (protocol <> 'dlms' OR (host IS NOT NULL AND host <> '')),
    port               INTEGER     CHECK (port BETWEEN 1 AND 65535),
    logical_device_id  INTEGER     NOT NULL DEFAULT 1 CHECK (logical_device_id BETWEEN 1 AND 65535),
    client_id          INTEGER     NOT NULL DEFAULT 16 CHECK (client_id BETWEEN 1 AND 65535),
    auth_mechanism     TEXT        NOT NULL DEFAULT 'NONE' CHECK (auth_mechanism IN ('NONE', 'LOW', 'HLS5_GMAC')),
    password           TEXT        CHECK (auth_mechanism <> 'LOW' OR password IS NOT NULL),
    authentication_key TEXT        CHECK (authentication_key IS NULL OR authentication_key ~ '^[0-9a-fA-F]{32}$'),
    encryption_key     TEXT        CHECK (encryption_key IS NULL OR encryption_key ~ '^[0-9a-fA-F]{32}$'),
    poll_interval_ms   BIGINT      CHECK (poll_interval_ms IS NULL OR poll_interval_ms >= 100),
    -- Expected publish interval of push (MQTT) meters, for publication-rate statistics.
    expected_interval_ms BIGINT    CHECK (expected_interval_ms IS NULL OR expected_interval_ms > 0),
    enabled            BOOLEAN     NOT NULL DEFAULT TRUE,
    updated_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK (protocol <> 'dlms' OR port IS NOT NULL),
    CHECK (auth_mechanism <> 'HLS5_GMAC' OR (authentication_key IS NOT NULL AND encryption_key IS NOT NULL))
);

CREATE INDEX meter_inventory_protocol_enabled ON meter_inventory (protocol, enabled);

COMMENT ON TABLE meter_inventory IS 'Meters and how to reach them; read by the DLMS source connector';
COMMENT ON COLUMN meter_inventory.client_id IS 'DLMS client (source) wrapper port: 16 public, 17 LLS, 1 HLS management';
COMMENT ON COLUMN meter_inventory.poll_interval_ms IS 'Per-meter poll interval; NULL uses the connector''s poll.interval.ms';
