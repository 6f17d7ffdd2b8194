-- Runs once when the compose PostgreSQL volume is created. The sink creates its tables with Flyway.
CREATE ROLE meterflow_reader LOGIN PASSWORD 'meterflow_reader';
GRANT CONNECT ON DATABASE meterflow TO meterflow_reader;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO meterflow_reader;
