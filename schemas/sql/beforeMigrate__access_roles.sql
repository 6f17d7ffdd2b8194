-- The access roles of the MeterFlow database (NOLOGIN group roles; see docs/operations.md "Least privilege and
-- secrets"), which R__access_privileges.sql grants their privileges in every database.
-- Flyway runs this callback before every migrate: a superuser migrating (tests, local set-up) creates missing
-- roles; a production sink role (no CREATEROLE) finds them made at set-up, where the same file runs as an init
-- script of the compose PostgreSQL. Roles are global to the PostgreSQL cluster: the script is idempotent and safe
-- when several databases (test databases, two stacks) create them at the same moment.
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
