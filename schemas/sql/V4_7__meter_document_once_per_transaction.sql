-- The meter document rebuilt once per meter and transaction, at commit, instead of once per statement.
--
-- Before, every statement on a latest-state table rebuilt the documents of the meters it touched (V3): the sink's
-- batch of readings and their rates rebuilt each meter's document twice (after the readings' statement and again
-- after the rates'), and each rebuild is most of what writing a meter costs (docs/benchmarks.md, "End to end").
-- Now the statement triggers (unchanged, the same function name) only note the meters in meter_document_pending;
-- one deferred trigger builds the noted documents when the transaction commits, from the tables as they are then,
-- and empties the note. Readers still never see a document that disagrees with the committed tables; inside the
-- writing transaction the document is only current after the commit. Concurrent writers of one meter serialise on
-- the pending row's key (the sink also takes a per-meter advisory lock first, MeterDocumentLocks).

-- Transaction-local in effect (emptied at every commit): unlogged, nothing of it has to survive a crash.
CREATE UNLOGGED TABLE meter_document_pending (
    meter_id text PRIMARY KEY
);

CREATE OR REPLACE FUNCTION meterflow_refresh_meter_documents() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO meter_document_pending (meter_id)
    SELECT DISTINCT meter_id FROM changed
    ON CONFLICT (meter_id) DO NOTHING;
    RETURN NULL;
END;
$$;

-- Fires once per noted meter at commit; the first firing builds every noted document of the transaction at once
-- (one set-based statement) and empties the note, the others find their meter gone and do nothing.
CREATE FUNCTION meterflow_build_pending_meter_documents() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM meter_document_pending WHERE meter_id = NEW.meter_id) THEN
        RETURN NULL;
    END IF;
    WITH noted AS (DELETE FROM meter_document_pending RETURNING meter_id)
    INSERT INTO meter_document AS d (meter_id, document)
    SELECT m.meter_id, meterflow_meter_document(m.meter_id)
    FROM meter_latest_reading m JOIN noted USING (meter_id)
    ON CONFLICT (meter_id) DO UPDATE SET document = excluded.document;
    RETURN NULL;
END;
$$;

CREATE CONSTRAINT TRIGGER meter_document_pending_build AFTER INSERT ON meter_document_pending
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION meterflow_build_pending_meter_documents();
