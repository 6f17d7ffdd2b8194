package io.meterflow.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The local stack's database users, as in the compose stack: the superuser only sets up, every component connects
 * with its own role (docs/operations.md, "Least privilege and secrets"). The local server trusts local
 * connections, so the roles have no password. Roles are global to the server and shared by every local-stack
 * database: creating them is idempotent and tolerates another set-up doing the same at the same moment.
 */
final class LocalRoles {

    static final String SINK = "meterflow_sink";
    static final String DLMS = "meterflow_dlms";
    static final String API = "meterflow_api";
    static final String SIMULATOR = "meterflow_simulator";

    private static final String ACCESS_ROLES = "/meterflow/db/access-roles.sql";

    private static final String LOGIN_ROLES = """
            DO $$
            DECLARE
                login text[];
            BEGIN
                FOREACH login SLICE 1 IN ARRAY ARRAY[['meterflow_sink', ''], ['meterflow_dlms', 'meterflow_inventory_access'],
                        ['meterflow_api', 'meterflow_read_access'], ['meterflow_simulator', 'meterflow_inventory_admin']] LOOP
                    BEGIN
                        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = login[1]) THEN
                            EXECUTE format('CREATE ROLE %I LOGIN', login[1]);
                        END IF;
                        IF login[2] <> '' AND NOT pg_has_role(login[1], login[2], 'MEMBER') THEN
                            EXECUTE format('GRANT %I TO %I', login[2], login[1]);
                        END IF;
                    EXCEPTION WHEN duplicate_object OR unique_violation THEN
                        NULL; -- another local stack's set-up got there first
                    END;
                END LOOP;
            END
            $$""";

    /**
     * The sink applies the migrations and creates partitions, which needs ownership: a database migrated before
     * the stack had roles (owned by the superuser) is handed over to the sink's role.
     */
    private static final String SINK_OWNS_SCHEMA = """
            DO $$
            DECLARE
                object text;
            BEGIN
                FOR object IN SELECT c.oid::regclass::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v') AND c.relowner <> 'meterflow_sink'::regrole LOOP
                    EXECUTE format('ALTER TABLE %s OWNER TO meterflow_sink', object);
                END LOOP;
                FOR object IN SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                        WHERE n.nspname = 'public' AND p.proowner <> 'meterflow_sink'::regrole LOOP
                    EXECUTE format('ALTER ROUTINE %s OWNER TO meterflow_sink', object);
                END LOOP;
            END
            $$""";

    private LocalRoles() {
    }

    /** Creates the roles when missing and gives them what they need in {@code database} ({@code c} connects to it). */
    static void prepare(Connection c, String database) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(accessRolesScript());
            s.execute(LOGIN_ROLES);
            s.execute("GRANT CONNECT ON DATABASE " + database + " TO " + String.join(", ", SINK, DLMS, API, SIMULATOR));
            s.execute("GRANT CREATE, USAGE ON SCHEMA public TO " + SINK);
            s.execute(SINK_OWNS_SCHEMA);
        }
    }

    private static String accessRolesScript() {
        try (InputStream in = LocalRoles.class.getResourceAsStream(ACCESS_ROLES)) {
            if (in == null) {
                throw new IllegalStateException(ACCESS_ROLES + " (meterflow-schemas) is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
