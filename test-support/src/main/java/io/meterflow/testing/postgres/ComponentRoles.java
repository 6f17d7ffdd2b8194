package io.meterflow.testing.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The production shape of the database's users for one test database: a login role per component, each granted
 * its MeterFlow access role (meterflow/db/access-roles.sql, the same script the compose stack and the local stack
 * run), none a superuser. Roles are global to the server: each test database gets its own, dropped by
 * {@link #close()}, so that test databases living side by side never share or drop each other's roles.
 */
public final class ComponentRoles implements AutoCloseable {

    private static final String ACCESS_ROLES = "/meterflow/db/access-roles.sql";

    private final TestDatabase db;
    private final String suffix;
    private final String password;

    private ComponentRoles(TestDatabase db) {
        this.db = db;
        this.suffix = HexFormat.of().formatHex(randomBytes());
        this.password = HexFormat.of().formatHex(randomBytes());
    }

    /** Creates the access roles (when missing) and this database's login roles. */
    public static ComponentRoles create(TestDatabase db) {
        final ComponentRoles roles = new ComponentRoles(db);
        db.execute(accessRolesScript());
        roles.login("sink", "");
        // The sink applies the migrations, so it owns the schema's tables (PostgreSQL 15 no longer lets PUBLIC create).
        db.execute("GRANT CREATE, USAGE ON SCHEMA public TO " + roles.sink().user());
        roles.login("api", "meterflow_read_access");
        roles.login("dlms", "meterflow_inventory_access");
        roles.login("admin", "meterflow_inventory_admin");
        return roles;
    }

    /** The idempotent script creating the NOLOGIN access roles, as shipped in meterflow-schemas. */
    public static String accessRolesScript() {
        try (InputStream in = ComponentRoles.class.getResourceAsStream(ACCESS_ROLES)) {
            if (in == null) {
                throw new IllegalStateException(ACCESS_ROLES + " is not on the classpath (meterflow-schemas)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The PostgreSQL sink: owns the schema (migrations, partitions), writes the read model. */
    public TestDatabase sink() {
        return as("sink");
    }

    /** query-api and Grafana: read the read model, never the meter secrets. */
    public TestDatabase reader() {
        return as("api");
    }

    /** The DLMS source connector: reads the whole inventory, secrets included. */
    public TestDatabase dlms() {
        return as("dlms");
    }

    /** Whoever maintains the inventory (an operator, the simulator). */
    public TestDatabase inventoryAdmin() {
        return as("admin");
    }

    public String password() {
        return password;
    }

    private TestDatabase as(String component) {
        return new TestDatabase(db.host(), db.port(), db.name(), roleName(component), password);
    }

    private String roleName(String component) {
        return ("mf_" + component + "_" + suffix).toLowerCase(Locale.ROOT);
    }

    private void login(String component, String accessRole) {
        final String role = roleName(component);
        db.execute("CREATE ROLE " + role + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '" + password + "'");
        db.execute("GRANT CONNECT ON DATABASE " + db.name() + " TO " + role);
        if (!accessRole.isEmpty()) {
            db.execute("GRANT " + accessRole + " TO " + role);
        }
    }

    @Override
    public void close() {
        for (String component : new String[] {"sink", "api", "dlms", "admin"}) {
            final String role = roleName(component);
            // Also revokes what the role was granted here and on the database itself.
            db.execute("DROP OWNED BY " + role + " CASCADE");
            db.execute("DROP ROLE " + role);
        }
    }

    private static byte[] randomBytes() {
        final byte[] bytes = new byte[6];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}
