package io.meterflow.connect.postgres;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PostgresSinkConnectorTest {

    private static List<String> errors(Map<String, String> config) {
        return new PostgresSinkConnector().validate(config).configValues().stream()
                .flatMap(v -> v.errorMessages().stream().map(m -> v.name() + ": " + m)).toList();
    }

    @Test
    void validateNamesTopicsNoKindMapsAndBadSettings() {
        assertThat(errors(Map.of("connection.url", "jdbc:postgresql://h/db",
                "topics", "meter-readings,meter-rates"))).isEmpty();
        assertThat(errors(Map.of("connection.url", "jdbc:postgresql://h/db", "topics", "meter-readings,weather")))
                .singleElement().asString().startsWith("topics: Topics [weather] are not mapped");
        assertThat(errors(Map.of("connection.url", "jdbc:mysql://h/db", "topics", "meter-readings")))
                .singleElement().asString().startsWith("connection.url:");
        assertThat(errors(Map.of("connection.url", "jdbc:postgresql://h/db", "history.retention.days", "0")))
                .singleElement().asString().startsWith("history.retention.days:");
    }

    @Test
    void everyTaskGetsTheConnectorsSettings() {
        final PostgresSinkConnector connector = new PostgresSinkConnector();
        connector.start(Map.of("connection.url", "jdbc:postgresql://h/db", "name", "rm"));
        assertThat(connector.taskConfigs(3)).hasSize(3).allSatisfy(c -> assertThat(c).containsEntry("name", "rm"));
        assertThat(connector.taskClass()).isEqualTo(PostgresSinkTask.class);
    }

    @Test
    void retriesBackOffExponentiallyUpToTheCap() {
        final java.time.Clock clock = java.time.Clock.fixed(java.time.Instant.EPOCH, java.time.ZoneOffset.UTC);
        final RetryBackoff backoff = new RetryBackoff(java.time.Duration.ofMillis(100), java.time.Duration.ofMillis(500),
                java.time.Duration.ofMinutes(1), clock);
        final Exception failure = new java.sql.SQLException("down", "08001");
        assertThat(List.of(backoff.nextDelay(failure), backoff.nextDelay(failure), backoff.nextDelay(failure),
                backoff.nextDelay(failure))).extracting(java.time.Duration::toMillis).containsExactly(100L, 200L, 400L, 500L);
    }
}
