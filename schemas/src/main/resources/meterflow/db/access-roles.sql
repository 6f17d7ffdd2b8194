-- The access roles of the MeterFlow database (NOLOGIN group roles; see docs/operations.md "Least privilege and
-- secrets"). Roles are global to the PostgreSQL cluster: this script is idempotent and safe when several
-- databases (test databases, two stacks) create them at the same moment. Run it as a superuser or a CREATEROLE
-- role at setup, before the sink's migrations; the repeatable migration R__access_privileges.sql grants each
-- role its privileges inside every database (it runs this same block when the migrating role may create roles).
DO $$
DECLARE
    r text;
BEGIN
    FOREACH r IN ARRAY ARRAY['meterflow_read_access', 'meterflow_inventory_access', 'meterflow_inventory_admin'] LOOP
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = r) THEN
            BEGIN
                EXECUTE format('CREATE ROLE %I NOLOGIN', r);
            EXCEPTION WHEN duplicate_object OR unique_violation THEN
                NULL; -- another database's set-up created it between the check and here
            END;
        END IF;
    END LOOP;
END
$$;
