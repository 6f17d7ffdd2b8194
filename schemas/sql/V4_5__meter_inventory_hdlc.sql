-- DLMS meters reached over HDLC (IEC 62056-46 over TCP), e.g. behind a serial-to-TCP gateway that carries several
-- meters on one host:port (multi-drop). The DLMS source polls the meters of one gateway one association at a time and
-- keeps them in one task (docs/dlms.md, "HDLC over TCP").
-- transport: WRAPPER (IEC 62056-47, the default, as before) or HDLC. For HDLC, client_id is the client HDLC address
--   (one byte, 1-127) and logical_device_id the upper HDLC address (at most 16383).
-- hdlc_physical_address: the meter's lower HDLC address on the gateway's bus; 0 when the server address carries the
--   logical device only (a meter alone on its line). Required for HDLC.
-- hdlc_max_info_length: the largest information field the connector proposes in its SNRM (both directions; the
--   meter's UA may lower it). NULL uses the connector's meter.hdlc.max.info.length. jDLMS 1.8.0 cannot send a request
--   in segments: an HLS5_GMAC meter needs room for its association request.
ALTER TABLE meter_inventory ADD COLUMN transport TEXT NOT NULL DEFAULT 'WRAPPER'
    CONSTRAINT meter_inventory_transport_check CHECK (transport IN ('WRAPPER', 'HDLC'));
ALTER TABLE meter_inventory ADD COLUMN hdlc_physical_address INTEGER
    CONSTRAINT meter_inventory_hdlc_physical_address_check CHECK (hdlc_physical_address IS NULL
        OR hdlc_physical_address = 0
        OR (hdlc_physical_address BETWEEN 16 AND 16381 AND hdlc_physical_address NOT IN (126, 127)));
ALTER TABLE meter_inventory ADD COLUMN hdlc_max_info_length INTEGER
    CONSTRAINT meter_inventory_hdlc_max_info_length_check CHECK (hdlc_max_info_length IS NULL
        OR hdlc_max_info_length BETWEEN 128 AND 2030);
ALTER TABLE meter_inventory ADD CONSTRAINT meter_inventory_hdlc_addressing_check CHECK (transport <> 'HDLC'
    OR (hdlc_physical_address IS NOT NULL AND client_id BETWEEN 1 AND 127 AND logical_device_id BETWEEN 1 AND 16383));

COMMENT ON COLUMN meter_inventory.transport IS 'WRAPPER (IEC 62056-47) or HDLC (IEC 62056-46 over TCP, e.g. a gateway)';
COMMENT ON COLUMN meter_inventory.hdlc_physical_address IS
    'HDLC: lower HDLC address of the meter behind its gateway; 0 for none';
COMMENT ON COLUMN meter_inventory.hdlc_max_info_length IS
    'HDLC: largest information field proposed in the SNRM; NULL uses the connector''s meter.hdlc.max.info.length';
