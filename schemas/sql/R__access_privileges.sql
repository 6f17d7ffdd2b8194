-- Who may read and write what (docs/operations.md, "Least privilege and secrets"). Flyway runs this repeatable
-- migration after every versioned one, and again whenever it changes; it is idempotent.
--
-- The migrating role (the PostgreSQL sink's role in production) owns the schema: it writes the read model and
-- creates and drops the daily partitions, which PostgreSQL allows only to a table's owner. Three NOLOGIN access
-- roles (created by meterflow/db/access-roles.sql at setup) are granted to the login role of each component:
--   meterflow_read_access       query-api, Grafana: SELECT on the read model; meter_inventory without its secrets
--   meterflow_inventory_access  the DLMS source connector: SELECT on all of meter_inventory (LLS passwords, HLS keys)
--   meterflow_inventory_admin   whoever maintains the inventory (operators, the simulator): read and write it
-- The owner gives up its own right to read the secret columns: the sink never needs them.

-- Creates the access roles when the migrating role may (a superuser in tests and the local stack's set-up);
-- a production sink role has no CREATEROLE and relies on the set-up having created them. The same block as
-- meterflow/db/access-roles.sql: not a Flyway beforeMigrate callback, because a Connect worker whose class path
-- also holds meterflow-schemas finds such a callback twice and Flyway refuses to migrate.
DO $$
DECLARE
    r text;
BEGIN
    FOREACH r IN ARRAY ARRAY['meterflow_read_access', 'meterflow_inventory_access', 'meterflow_inventory_admin'] LOOP
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = r) THEN
            BEGIN
                EXECUTE format('CREATE ROLE %I NOLOGIN', r);
            EXCEPTION WHEN duplicate_object OR unique_violation THEN
                NULL;
            END;
        END IF;
    END LOOP;
END
$$;

-- Schema public: PUBLIC keeps USAGE (PostgreSQL's default); the owner of the tables is not the schema's owner, so
-- it could not grant USAGE itself.

-- The read model, today's tables and those later migrations and the sink's partitions create.
GRANT SELECT ON ALL TABLES IN SCHEMA public TO meterflow_read_access;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO meterflow_read_access;

-- meter_inventory: readers see every column but the secrets (password, authentication_key, encryption_key).
REVOKE ALL ON meter_inventory FROM meterflow_read_access;
GRANT SELECT (meter_id, protocol, host, port, logical_device_id, client_id, auth_mechanism, poll_interval_ms,
              expected_interval_ms, enabled, updated_at, invocation_counter_obis, clock_sync, system_title,
              push_object_list, transport, hdlc_physical_address, hdlc_max_info_length)
    ON meter_inventory TO meterflow_read_access;
GRANT SELECT ON meter_inventory TO meterflow_inventory_access;
GRANT SELECT, INSERT, UPDATE, DELETE ON meter_inventory TO meterflow_inventory_admin;

-- The owner (the sink) keeps ownership (ALTER in later migrations) but not the right to read or change meters.
-- A superuser bypasses privileges anyway, so there is nothing to revoke from one.
DO $$
BEGIN
    IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        REVOKE SELECT, INSERT, UPDATE, DELETE ON meter_inventory FROM CURRENT_USER;
        GRANT SELECT (meter_id, protocol, host, port, logical_device_id, client_id, auth_mechanism, poll_interval_ms,
                      expected_interval_ms, enabled, updated_at, invocation_counter_obis, clock_sync, system_title,
                      push_object_list, transport, hdlc_physical_address, hdlc_max_info_length)
            ON meter_inventory TO CURRENT_USER;
    END IF;
END
$$;
