package io.meterflow.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The Grafana dashboards in {@code observability/grafana/dashboards}, and the queries they send. */
final class Dashboards {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One query: where it is (dashboard / panel), which datasource uid, and the query text. */
    record Query(String where, String datasourceUid, String text) {
    }

    private Dashboards() {
    }

    static List<Path> files(Path home) {
        try (Stream<Path> files = Files.list(home.resolve("observability/grafana/dashboards"))) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Not valid JSON: " + file, e);
        }
    }

    /** Every panel target (rows' nested panels included) and every query variable of every dashboard. */
    static List<Query> queries(Path home) {
        final List<Query> queries = new ArrayList<>();
        for (Path file : files(home)) {
            final JsonNode dashboard = read(file);
            final String name = file.getFileName().toString();
            collectPanels(name, dashboard.path("panels"), queries);
            for (JsonNode variable : dashboard.path("templating").path("list")) {
                if ("query".equals(variable.path("type").asText())) {
                    queries.add(new Query(name + " / variable " + variable.path("name").asText(),
                            variable.path("datasource").path("uid").asText(), variable.path("query").asText()));
                }
            }
        }
        return queries;
    }

    private static void collectPanels(String dashboard, JsonNode panels, List<Query> queries) {
        for (JsonNode panel : panels) {
            collectPanels(dashboard, panel.path("panels"), queries);
            for (JsonNode target : panel.path("targets")) {
                final String uid = target.path("datasource").path("uid").asText(panel.path("datasource").path("uid").asText());
                final String text = target.has("expr") ? target.path("expr").asText() : target.path("rawSql").asText();
                queries.add(new Query(dashboard + " / " + panel.path("title").asText(), uid, text));
            }
        }
    }
}
