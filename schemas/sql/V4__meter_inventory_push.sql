-- Meters that push (DLMS DataNotification to the push listener connector, DlmsPushSourceConnector).
-- protocol 'dlms-push': a meter that only pushes (often behind NAT: no host, no port). A 'dlms' meter with a
-- system_title both is polled and pushes (hybrid).
-- system_title: the meter's 8-byte DLMS system title (16 hex digits). A ciphered push (general-glo-ciphering) names
--   it; the listener finds the meter and its keys (encryption_key, authentication_key) by it. A plain push names the
--   meter by its logical device name (0.0.42.0.0.255), which must equal meter_id.
-- push_object_list: what the meter's push setup sends, in order (see docs/dlms.md, "Push object list"); NULL uses
--   the connector's push.object.list.
-- expected_interval_ms (V1) is the expected push interval of a pushing meter: a meter silent for three of them
--   raises MeterSilent.
ALTER TABLE meter_inventory DROP CONSTRAINT meter_inventory_protocol_check;
ALTER TABLE meter_inventory ADD CONSTRAINT meter_inventory_protocol_check
    CHECK (protocol IN ('dlms', 'mqtt', 'dlms-push'));
ALTER TABLE meter_inventory ADD COLUMN system_title TEXT
    CHECK (system_title IS NULL OR system_title ~ '^[0-9a-fA-F]{16}$');
ALTER TABLE meter_inventory ADD COLUMN push_object_list TEXT
    CHECK (push_object_list IS NULL OR length(push_object_list) BETWEEN 1 AND 4096);

CREATE UNIQUE INDEX meter_inventory_system_title ON meter_inventory (lower(system_title))
    WHERE system_title IS NOT NULL;

COMMENT ON COLUMN meter_inventory.system_title IS 'DLMS system title (16 hex digits): names the meter in ciphered pushes';
COMMENT ON COLUMN meter_inventory.push_object_list IS 'Push object list of the meter''s push setup; NULL: the push connector''s default';
COMMENT ON COLUMN meter_inventory.expected_interval_ms IS 'Expected interval of a meter that pushes (MQTT publishes, DLMS pushes)';
