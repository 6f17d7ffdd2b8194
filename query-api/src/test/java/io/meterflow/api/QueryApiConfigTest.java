package io.meterflow.api;

import io.meterflow.api.http.ApiKey;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueryApiConfigTest {

    @Test
    void namedAndUnnamedKeys() {
        assertThat(QueryApiConfig.parseKeys("ops-alice:s1, ops-bob:s2"))
                .containsExactly(new ApiKey("ops-alice", "s1"), new ApiKey("ops-bob", "s2"));
        // The form before named keys: each secret alone, named by its position.
        assertThat(QueryApiConfig.parseKeys("k-1,k-2")).containsExactly(new ApiKey("key-1", "k-1"), new ApiKey("key-2", "k-2"));
        assertThat(QueryApiConfig.parseKeys("grafana:abc,plain")).extracting(ApiKey::name).containsExactly("grafana", "key-2");
        // A colon in a secret after a valid name splits only once.
        assertThat(QueryApiConfig.parseKeys("n:a:b").get(0).secret()).isEqualTo("a:b");
    }

    @Test
    void keysMustBeUnambiguous() {
        assertThatThrownBy(() -> QueryApiConfig.from(Map.of("MF_API_KEYS", "a:x,a:y"))).hasMessageContaining("'a' twice");
        assertThatThrownBy(() -> QueryApiConfig.from(Map.of("MF_API_KEYS", "a:x,b:x"))).hasMessageContaining("secret");
        assertThatThrownBy(() -> QueryApiConfig.from(Map.of("MF_API_KEYS", "a:"))).hasMessageContaining("empty secret");
    }

    @Test
    void productionModeRefusesToStartWithoutKeys() {
        assertThatThrownBy(() -> QueryApiConfig.from(Map.of("MF_API_MODE", "production")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MF_API_KEYS");
        assertThat(QueryApiConfig.from(Map.of("MF_API_MODE", "production", "MF_API_KEYS", "ops:s")).mode())
                .isEqualTo(QueryApiConfig.Mode.PRODUCTION);
    }

    @Test
    void openReadsOnlyOutsideProduction() {
        assertThat(QueryApiConfig.from(Map.of("MF_API_OPEN_READS", "true", "MF_API_KEYS", "a:b")).openReads()).isTrue();
        assertThatThrownBy(() -> QueryApiConfig.from(Map.of("MF_API_OPEN_READS", "true", "MF_API_KEYS", "a:b",
                "MF_API_MODE", "PRODUCTION"))).hasMessageContaining("MF_API_OPEN_READS");
    }

    @Test
    void secretsStayOutOfToString() {
        final QueryApiConfig config = QueryApiConfig.from(Map.of("MF_API_KEYS", "ops-alice:hunter2-secret,plainsecret9",
                "MF_API_DB_PASSWORD", "db-pass-77", "MF_API_KAFKA_BOOTSTRAP_SERVERS", "kafka:9092"));
        assertThat(config.toString()).doesNotContain("hunter2-secret", "plainsecret9", "db-pass-77")
                .contains("ops-alice", "key-2", "kafka:9092");
        assertThat(config.apiKeys().get(0).toString()).doesNotContain("hunter2-secret");
    }

    @Test
    void commandSettings() {
        final QueryApiConfig config = QueryApiConfig.from(Map.of("MF_API_KAFKA_BOOTSTRAP_SERVERS", "k:9092",
                "MF_API_COMMAND_TIMEOUT", "PT2S"));
        assertThat(config.writesEnabled()).isTrue();
        assertThat(config.commandTimeout()).hasSeconds(2);
        assertThat(QueryApiConfig.from(Map.of()).writesEnabled()).isFalse();
        assertThatThrownBy(() -> QueryApiConfig.from(Map.of("MF_API_COMMAND_TIMEOUT", "PT5M")))
                .hasMessageContaining("MF_API_COMMAND_TIMEOUT");
    }
}
