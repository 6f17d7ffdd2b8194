package io.meterflow.local;

import io.meterflow.kafka.embedded.ConnectRestClient;
import io.meterflow.schema.topic.MeterFlowTopics;
import io.meterflow.schema.topic.Topic;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class LocalStackIT {

    @Test
    void startsBrokerAndConnectWithEveryTopicAndKeepsDataAcrossRestarts(@TempDir Path data) throws Exception {
        final String db = TestDatabases.name("mf_localstack_it");
        final LocalStackOptions options = LocalStackOptions.parse(new String[] {"--data-dir", data.toString(),
                "--kafka-port", "0", "--connect-port", "0", "--api-port", "0", "--streams-port", "0", "--db", db, "--no-simulator"}, Path.of(".."));

        try (LocalStack stack = LocalStack.start(options); Admin admin = admin(stack)) {
            final ConnectRestClient.Response root = new ConnectRestClient(URI.create(stack.connectUrl())).send("GET", "/", null);
            assertThat(root.status()).isEqualTo(200);
            assertThat(root.json().path("version").asText()).isEqualTo("4.4.0");
            assertThat(admin.listTopics().names().get())
                    .containsAll(MeterFlowTopics.ALL.stream().map(Topic::name).toList());
            admin.createTopics(List.of(new NewTopic("created-by-a-user", 1, (short) 1))).all().get();
            final HttpResponse<String> health = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(stack.apiUrl() + "/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
        }

        try (LocalStack again = LocalStack.start(options); Admin admin = admin(again)) {
            final Set<String> topics = admin.listTopics().names().get();
            assertThat(topics).contains("created-by-a-user", "meterflow-local-configs", "meterflow-local-offsets");
        } finally {
            TestDatabases.drop(db);
        }
    }

    private static Admin admin(LocalStack stack) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()));
    }
}
