package io.meterflow.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.meterflow.testing.postgres.PostgresExtension;
import io.meterflow.testing.postgres.ComponentRoles;
import io.meterflow.testing.postgres.TestDatabase;
import io.meterflow.schema.readmodel.ReadModelMigrations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Grafana dashboard asks for things that exist: PromQL metric names that docs/metrics.md documents (or the
 * recording rules define), SQL that runs against the read model as the Flyway migrations build it, datasources that
 * Grafana provisions. The alert rules are held to the same metric list.
 */
@ExtendWith(PostgresExtension.class)
class DashboardQueriesTest {

    private static final Path HOME = Path.of("..").toAbsolutePath().normalize();
    private static final String PROMETHEUS = "prometheus";
    private static final String POSTGRES = "meterflow-postgres";
    private static final Pattern TIME_FILTER = Pattern.compile("\\$__timeFilter\\(([^)]+)\\)");

    @Test
    void everyDashboardIsProvisionableJsonWithItsOwnUid() {
        final Set<String> uids = new HashSet<>();
        for (Path file : Dashboards.files(HOME)) {
            final JsonNode dashboard = Dashboards.read(file);
            assertThat(dashboard.path("title").asText()).as(file + " title").isNotBlank();
            assertThat(uids.add(dashboard.path("uid").asText())).as(file + " uid unique").isTrue();
            assertThat(dashboard.path("panels")).as(file + " panels").isNotEmpty();
        }
        assertThat(uids).containsExactlyInAnyOrder("meterflow-fleet", "meterflow-meter", "meterflow-pipeline");
    }

    @Test
    void everyQueryUsesAProvisionedDatasource() throws Exception {
        final JsonNode provisioned = new ObjectMapper(new YAMLFactory())
                .readTree(HOME.resolve("observability/grafana/provisioning/datasources/datasources.yml").toFile());
        final Set<String> uids = new TreeSet<>();
        provisioned.path("datasources").forEach(d -> uids.add(d.path("uid").asText()));
        assertThat(uids).containsExactlyInAnyOrder(PROMETHEUS, POSTGRES);
        assertThat(Dashboards.queries(HOME)).isNotEmpty()
                .allSatisfy(q -> assertThat(q.datasourceUid()).as(q.where()).isIn(uids));
    }

    @Test
    void everyPromQlQueryNamesADocumentedMetric() {
        final DocumentedMetrics documented = DocumentedMetrics.load(HOME);
        final List<String> undocumented = new ArrayList<>();
        int checked = 0;
        for (Dashboards.Query query : Dashboards.queries(HOME)) {
            if (PROMETHEUS.equals(query.datasourceUid())) {
                for (String metric : PromQlMetricNames.of(query.text())) {
                    checked++;
                    if (!documented.contains(metric)) {
                        undocumented.add(metric + " (" + query.where() + ")");
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(30);
        assertThat(undocumented).as("metrics used by dashboards but missing from docs/metrics.md").isEmpty();
    }

    @Test
    void everyAlertAndRecordingRuleNamesADocumentedMetric() throws Exception {
        final DocumentedMetrics documented = DocumentedMetrics.load(HOME);
        final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        final List<String> undocumented = new ArrayList<>();
        for (Path file : ShippedRules.files(HOME)) {
            for (JsonNode group : yaml.readTree(file.toFile()).path("groups")) {
                for (JsonNode rule : group.path("rules")) {
                    final String name = rule.path("alert").asText(rule.path("record").asText());
                    for (String metric : PromQlMetricNames.of(rule.path("expr").asText())) {
                        if (!documented.contains(metric)) {
                            undocumented.add(metric + " (" + file.getFileName() + " " + name + ")");
                        }
                    }
                }
            }
        }
        assertThat(undocumented).as("metrics used by rules but missing from docs/metrics.md").isEmpty();
    }

    @Test
    void everySqlQueryRunsAgainstTheMigratedReadModel(TestDatabase db) throws SQLException {
        ReadModelMigrations.migrate(db.jdbcUrl(), db.user(), db.password());
        db.execute("INSERT INTO meter_inventory (meter_id, protocol, host, port) VALUES ('obs-meter-1', 'dlms', 'localhost', 4061)");
        final List<Dashboards.Query> sql = Dashboards.queries(HOME).stream()
                .filter(q -> POSTGRES.equals(q.datasourceUid())).toList();
        assertThat(sql).hasSizeGreaterThanOrEqualTo(10);
        // As Grafana connects: a read-only role that may not read the meter secrets of meter_inventory.
        try (ComponentRoles roles = ComponentRoles.create(db); Connection c = roles.reader().connect();
             Statement s = c.createStatement()) {
            for (Dashboards.Query query : sql) {
                try {
                    s.executeQuery(asGrafanaSends(query.text())).close();
                } catch (SQLException e) {
                    throw new AssertionError(query.where() + ": " + e.getMessage() + "\n" + query.text(), e);
                }
            }
        }
    }

    /** The SQL as Grafana's PostgreSQL datasource sends it: the meter variable and the time-range macro expanded. */
    private static String asGrafanaSends(String sql) {
        final String expanded = TIME_FILTER.matcher(sql)
                .replaceAll("$1 BETWEEN '2026-01-01T00:00:00Z'::timestamptz AND '2026-01-02T00:00:00Z'::timestamptz");
        assertThat(expanded).as("only $meter and $__timeFilter are used").doesNotContain("$__");
        return expanded.replace("${meter}", "obs-meter-1").replace("$meter", "obs-meter-1");
    }
}
