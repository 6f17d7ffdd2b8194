-- HLS5 meters: where the DLMS source reads a meter's invocation counter (a Data object the public client 16 may read
-- without ciphering) before it associates. NULL uses the connector's meter.invocation.counter.obis; '' says the meter
-- has no readable counter object (the connector then relies on the counter it persisted, plus invocation.counter.jump).
ALTER TABLE meter_inventory ADD COLUMN invocation_counter_obis TEXT
    CHECK (invocation_counter_obis IS NULL OR invocation_counter_obis = ''
           OR invocation_counter_obis ~ '^[0-9]{1,3}(\.[0-9]{1,3}){5}$');

COMMENT ON COLUMN meter_inventory.invocation_counter_obis IS
    'HLS5: OBIS of the invocation counter object read by the public client; NULL connector default, empty none';
