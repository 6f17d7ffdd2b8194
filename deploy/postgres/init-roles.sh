#!/usr/bin/env bash
# Runs once, as the superuser, when the compose PostgreSQL volume is created (after 10-access-roles.sql, which
# creates the NOLOGIN access roles). One login role per component, none a superuser; the grants on the tables
# come from the sink's migrations (schemas/sql/R__access_privileges.sql). docs/operations.md, "Least privilege
# and secrets". An existing volume does not run this: run both scripts by hand once (psql as the superuser).
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v sink_pw="$MF_SINK_DB_PASSWORD" -v dlms_pw="$MF_DLMS_DB_PASSWORD" -v api_pw="$MF_API_DB_PASSWORD" \
  -v grafana_pw="$MF_GRAFANA_DB_PASSWORD" -v simulator_pw="$MF_SIMULATOR_DB_PASSWORD" <<'SQL'
-- The PostgreSQL sink applies the migrations, so it owns the schema's tables; it writes the read model.
CREATE ROLE meterflow_sink LOGIN PASSWORD :'sink_pw';
GRANT CREATE, USAGE ON SCHEMA public TO meterflow_sink;
-- The DLMS source connector: the whole inventory, secrets included, read-only.
CREATE ROLE meterflow_dlms LOGIN PASSWORD :'dlms_pw' IN ROLE meterflow_inventory_access;
-- query-api and Grafana: the read model, the inventory without its secrets, read-only.
CREATE ROLE meterflow_api LOGIN PASSWORD :'api_pw' IN ROLE meterflow_read_access;
CREATE ROLE meterflow_reader LOGIN PASSWORD :'grafana_pw' IN ROLE meterflow_read_access;
-- The simulator registers its meters in the inventory, as an operator would.
CREATE ROLE meterflow_simulator LOGIN PASSWORD :'simulator_pw' IN ROLE meterflow_inventory_admin;

REVOKE CONNECT ON DATABASE :"DBNAME" FROM PUBLIC;
GRANT CONNECT ON DATABASE :"DBNAME"
    TO meterflow_sink, meterflow_dlms, meterflow_api, meterflow_reader, meterflow_simulator;
SQL
