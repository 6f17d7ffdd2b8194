package io.meterflow.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every shipped alert can be routed and acted on: a severity Alertmanager routes, a layer its inhibitions use,
 * a summary, a description, and a runbook link to an entry that exists in docs/runbooks.md.
 */
class AlertRulesTest {

    private static final Path HOME = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern HEADING = Pattern.compile("(?m)^#{2,4} (.+)$");

    @Test
    void everyAlertHasSeverityLayerTextsAndARunbookEntry() throws Exception {
        final Set<String> anchors = new TreeSet<>();
        final Matcher h = HEADING.matcher(Files.readString(HOME.resolve("docs/runbooks.md"), StandardCharsets.UTF_8));
        while (h.find()) {
            anchors.add(h.group(1).trim().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 -]", "").replace(' ', '-'));
        }
        final List<JsonNode> alerts = new ArrayList<>();
        final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        for (Path file : ShippedRules.files(HOME)) {
            yaml.readTree(file.toFile()).path("groups")
                    .forEach(g -> g.path("rules").forEach(r -> { if (r.has("alert")) { alerts.add(r); } }));
        }
        assertThat(alerts).extracting(a -> a.path("alert").asText()).contains("MeterFlowConnectorTaskFailed",
                "MeterFlowSinkLagHigh", "MeterFlowStreamsLagHigh", "MeterFlowStreamsNotRunning", "MeterFlowReadModelStale",
                "MeterFlowFleetErrorRateHigh", "MeterFlowSilentMetersHigh", "MeterFlowMqttDeadLetterRateHigh",
                "MeterFlowReadModelDeadLetters", "MeterFlowQueryApi5xxHigh", "MeterFlowQueryApiSlow");
        assertThat(alerts).allSatisfy(alert -> {
            final String name = alert.path("alert").asText();
            assertThat(alert.path("labels").path("severity").asText()).as(name).isIn("critical", "warning", "info");
            assertThat(alert.path("labels").path("layer").asText()).as(name).isIn("pipeline", "api", "fleet");
            assertThat(alert.path("annotations").path("summary").asText()).as(name).isNotBlank();
            assertThat(alert.path("annotations").path("description").asText()).as(name).isNotBlank();
            assertThat(alert.path("annotations").path("runbook_url").asText()).as(name)
                    .isEqualTo("docs/runbooks.md#" + name.toLowerCase(Locale.ROOT));
            assertThat(anchors).as("runbook entry for " + name).contains(name.toLowerCase(Locale.ROOT));
            assertThat(alert.path("expr").asText()).as(name + " groups by no per-meter label")
                    .doesNotContainIgnoringCase("meter_id").doesNotContainIgnoringCase("meterid");
        });
    }
}
